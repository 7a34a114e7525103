// Fakes of the outside services the channels talk to, for other workspaces' tests.
export { startFakeTwilioApi, type FakeTwilioApi } from './sms/fake-twilio-api';
export * from './whatsapp/whatsapp-testing';
