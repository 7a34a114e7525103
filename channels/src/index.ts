export type { ActionSummary, ChannelName, Choice, InboundMessage, OutboundMessage, TurnHandler } from './turn';
export { ChannelError } from './channel-error';
export { createWebchatChannel, type WebchatChannel, type WebchatChannelOptions } from './webchat/webchat-channel';
