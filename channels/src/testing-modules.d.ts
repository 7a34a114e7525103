// The XMLHttpRequest polyfill Microsoft's Direct Line client needs in Node (tests only) ships no types.
declare module 'xhr2' {
  const XMLHttpRequest: unknown;
  export default XMLHttpRequest;
}
