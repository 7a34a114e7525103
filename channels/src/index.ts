export type { ActionSummary, ChannelName, Choice, InboundMedia, InboundMessage, MediaHandler, OutboundMessage, TurnHandler, TurnOptions } from './turn';
export { ChannelError } from './channel-error';
export type { TurnJobQueue, TurnQueueOption } from './turn-dispatch';
export { createWebchatChannel, type WebchatChannel, type WebchatChannelOptions } from './webchat/webchat-channel';
export { createSmsChannel, type SmsChannel, type SmsChannelOptions, type SmsConsent, type DeliveryStatus } from './sms/sms-channel';
export { createWhatsappChannel, type WhatsappChannel, type WhatsappChannelOptions, type WhatsappConsent, type WhatsappDeliveryStatus, type WhatsappTemplates } from './whatsapp/whatsapp-channel';
export { createTeamsChannel, TeamsNotReachableError, type TeamsChannel, type TeamsChannelOptions } from './teams/teams-channel';
export { approvalCard, type ApprovalCardModel, type CardAction } from './teams/approval-card';
export { cardMessage, type TeamsMessage } from './teams/teams-render';
