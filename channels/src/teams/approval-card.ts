/**
 * The approval card a professional gets in Teams for a request, as plain
 * Adaptive Card 1.5 JSON: pure, so it is tested (and pictured) without Teams.
 * Everything shown is already worded and in the professional's zone; the card
 * only lays it out.
 */
export interface ApprovalCardModel {
  appointmentId: string;
  /** "Ana García", or unset when the API did not name the patient. */
  patientName?: string;
  serviceName: string;
  /** "Tuesday 8 December 2026, 10:20–10:50 (Europe/Madrid)". */
  when: string;
  intake: Array<{ label: string; value: string }>;
  message?: string | null;
  /** The professional's other appointments of that day, worded ("09:00–09:30 Dermatology consultation, approved"). */
  sameDay: string[];
  /** Free starts to propose instead: the value is the ISO start, the title its local wording. */
  freeSlots: Array<{ title: string; value: string }>;
  status: string;
  /** Set once the request is no longer pending: who moved it, when, and why. */
  outcome?: { headline: string; by: string; at: string; reason?: string | null };
  /** A pending request's reminder line ("Still waiting for your decision"). */
  notice?: string;
  /** Where the same decision can be made in the admin UI (clients without Action.Execute). */
  adminUrl?: string;
  /** Teams user ids (29:…) whose client refreshes the card on display, so it shows decisions made elsewhere. */
  refreshFor?: string[];
  words?: Partial<typeof englishWords>;
}

export const englishWords = {
  title: 'New appointment request',
  patient: 'Patient',
  service: 'Service',
  when: 'When',
  message: 'Message',
  sameDay: 'That day',
  nothingElse: 'Nothing else that day',
  approve: 'Approve',
  decline: 'Decline',
  declineReason: 'Reason for the patient',
  declineReasonRequired: 'Give the patient a reason',
  sendDecline: 'Send decline',
  propose: 'Propose other times',
  proposeChoices: 'Times to offer (pick up to 5)',
  proposeRequired: 'Pick at least one time',
  sendProposal: 'Send proposal',
  openAdmin: 'Open in Consulta',
  noFreeSlots: 'No free times in the next days to propose.',
};

export const approvalVerbs = ['approve', 'decline', 'propose', 'refresh'] as const;
export type ApprovalVerb = (typeof approvalVerbs)[number];

/** What every action of the card carries: the Submit fallback has no verb of its own, so it rides in the data. */
export const cardDataMarker = 'consultaApproval';

function action(verb: ApprovalVerb, title: string, appointmentId: string, extra: Record<string, unknown> = {}) {
  const data = { [cardDataMarker]: true, verb, appointmentId };
  return {
    type: 'Action.Execute',
    title,
    verb,
    data,
    ...extra,
    // Clients without Universal Actions (older Teams mobile) post the same data as a message instead.
    fallback: { type: 'Action.Submit', title, data, ...extra },
  };
}

export function approvalCard(model: ApprovalCardModel): Record<string, unknown> {
  const words = { ...englishWords, ...model.words };
  const pending = !model.outcome;
  const facts = [
    ...(model.patientName ? [{ title: words.patient, value: model.patientName }] : []),
    { title: words.service, value: model.serviceName },
    { title: words.when, value: model.when },
    ...model.intake.map((answer) => ({ title: answer.label, value: answer.value })),
  ];
  const body: unknown[] = [
    { type: 'TextBlock', text: words.title, weight: 'Bolder', size: 'Medium', wrap: true },
    { type: 'FactSet', facts },
  ];
  if (model.message) {
    body.push({ type: 'TextBlock', text: words.message, weight: 'Bolder', spacing: 'Medium' }, { type: 'TextBlock', text: model.message, wrap: true, isSubtle: true });
  }
  body.push(
    { type: 'TextBlock', text: words.sameDay, weight: 'Bolder', spacing: 'Medium' },
    { type: 'TextBlock', text: model.sameDay.length ? model.sameDay.map((line) => `- ${line}`).join('\n') : words.nothingElse, wrap: true, isSubtle: true },
  );
  if (model.notice && pending) body.push({ type: 'TextBlock', text: model.notice, color: 'Warning', wrap: true, spacing: 'Medium' });
  if (model.outcome) {
    body.push({
      type: 'Container',
      style: model.status === 'approved' ? 'good' : model.status === 'declined' || model.status === 'expired' ? 'attention' : 'emphasis',
      spacing: 'Medium',
      items: [
        { type: 'TextBlock', text: model.outcome.headline, weight: 'Bolder', wrap: true },
        { type: 'TextBlock', text: `${model.outcome.by} · ${model.outcome.at}`, isSubtle: true, wrap: true, spacing: 'None' },
        ...(model.outcome.reason ? [{ type: 'TextBlock', text: model.outcome.reason, wrap: true }] : []),
      ],
    });
  }

  const actions: unknown[] = [];
  if (pending) {
    actions.push(
      action('approve', words.approve, model.appointmentId, { style: 'positive' }),
      {
        type: 'Action.ShowCard',
        title: words.decline,
        card: {
          type: 'AdaptiveCard',
          body: [{ type: 'Input.Text', id: 'reason', label: words.declineReason, isMultiline: true, maxLength: 1000, isRequired: true, errorMessage: words.declineReasonRequired }],
          actions: [action('decline', words.sendDecline, model.appointmentId, { style: 'destructive', associatedInputs: 'auto' })],
        },
      },
      {
        type: 'Action.ShowCard',
        title: words.propose,
        card: {
          type: 'AdaptiveCard',
          body: model.freeSlots.length
            ? [{ type: 'Input.ChoiceSet', id: 'starts', label: words.proposeChoices, isMultiSelect: true, style: 'expanded', isRequired: true, errorMessage: words.proposeRequired, choices: model.freeSlots }]
            : [{ type: 'TextBlock', text: words.noFreeSlots, wrap: true }],
          actions: model.freeSlots.length ? [action('propose', words.sendProposal, model.appointmentId, { associatedInputs: 'auto' })] : [],
        },
      },
    );
  }
  if (model.adminUrl) actions.push({ type: 'Action.OpenUrl', title: words.openAdmin, url: model.adminUrl });

  return {
    type: 'AdaptiveCard',
    $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
    version: '1.5',
    ...(model.refreshFor?.length && pending
      ? { refresh: { action: { type: 'Action.Execute', verb: 'refresh', data: { [cardDataMarker]: true, verb: 'refresh', appointmentId: model.appointmentId } }, userIds: model.refreshFor } }
      : {}),
    msteams: { width: 'Full' },
    body,
    actions,
  };
}

/** An action a card sent back: from an invoke's `value.action.data`, or a fallback Submit's message `value`. */
export interface CardAction {
  verb: ApprovalVerb;
  appointmentId: string;
  reason?: string;
  starts?: string[];
}

/** Reads what the card sent, or undefined when it is not one of ours (inputs arrive beside the data). */
export function readCardAction(data: unknown, verb?: string): CardAction | undefined {
  if (!data || typeof data !== 'object') return undefined;
  const fields = data as Record<string, unknown>;
  const chosen = verb ?? fields.verb;
  if (fields[cardDataMarker] !== true || typeof fields.appointmentId !== 'string' || !approvalVerbs.includes(chosen as ApprovalVerb)) return undefined;
  const reason = typeof fields.reason === 'string' ? fields.reason.trim() : undefined;
  // A multi-select ChoiceSet answers one comma-joined string.
  const starts = typeof fields.starts === 'string' ? fields.starts.split(',').map((start) => start.trim()).filter(Boolean) : undefined;
  return { verb: chosen as ApprovalVerb, appointmentId: fields.appointmentId, ...(reason ? { reason } : {}), ...(starts?.length ? { starts } : {}) };
}
