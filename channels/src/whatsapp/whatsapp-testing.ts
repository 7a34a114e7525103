// What other workspaces' tests need to meet the WhatsApp channel: the fake Graph API,
// Meta's webhook bodies, and the signature Meta puts on them.
export {
  startFakeGraphApi,
  type FakeGraphApi,
  type FakeGraphRequest,
  type FakeWhatsappMessage,
} from './fake-graph-api';
export { whatsappSignature } from './whatsapp-webhook-auth';
export {
  buttonReply as whatsappButtonReply,
  listReply as whatsappListReply,
  mediaMessage as whatsappMediaMessage,
  newWamid,
  notification as whatsappNotification,
  statusUpdate as whatsappStatusUpdate,
  textMessage as whatsappTextMessage,
} from './whatsapp-test-payloads';
