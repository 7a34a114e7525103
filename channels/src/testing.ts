// Fakes of the outside services the channels talk to, for other workspaces' tests.
export { startFakeTwilioApi, type FakeTwilioApi } from './sms/fake-twilio-api';
export * from './whatsapp/whatsapp-testing';
export { startFakeBotConnector, type FakeBotConnector, type TeamsMember } from './teams/fake-bot-connector';
export { startFakeBotIdentity, type FakeBotIdentity } from './teams/fake-bot-identity';
export { teamsActivity, teamsUser, testBotAppId, testBotPassword, type TestTeamsUser } from './teams/teams-test-server';
