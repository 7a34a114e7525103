export type { ChannelName, Choice, InboundMessage, OutboundMessage, TurnHandler } from './turn';
