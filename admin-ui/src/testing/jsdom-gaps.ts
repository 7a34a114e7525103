// jsdom has no layout engine, so no ResizeObserver; Fluent's MessageBar asks for one to reflow its actions.
if (!('ResizeObserver' in window)) {
  class NoResizeObserver {
    observe() {}
    unobserve() {}
    disconnect() {}
  }
  Object.assign(window, { ResizeObserver: NoResizeObserver });
}
