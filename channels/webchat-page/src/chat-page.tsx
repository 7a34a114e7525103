import { useEffect, useState } from 'react';
import ReactWebChat, { createDirectLine } from 'botframework-webchat';
import { fetchConversationToken, fetchPageConfig, type ConversationToken, type Locale, type PageConfig } from './page-api';
import { VerifyPanel } from './verify-panel';
import { webChatLocale, words } from './words';

const styleOptions = {
  bubbleBorderRadius: 12,
  bubbleFromUserBorderRadius: 12,
  bubbleFromUserBackground: '#e3f0ff',
  suggestedActionLayout: 'flow' as const,
  suggestedActionBorderRadius: 16,
  hideUploadButton: false,
  rootHeight: '100%',
  rootWidth: '100%',
};

const initialLocale = (): Locale => (navigator.language.toLowerCase().startsWith('es') ? 'es' : 'en');

/**
 * The patient's page: the clinic's name, a language switch, in dev mode a
 * picker of seed patients, and Microsoft's Web Chat on our Direct Line. A new
 * choice of language or patient starts a new conversation.
 */
export function ChatPage() {
  const [config, setConfig] = useState<PageConfig>();
  const [locale, setLocale] = useState<Locale>(initialLocale);
  const [patientId, setPatientId] = useState<string>('');
  const [conversation, setConversation] = useState<ConversationToken>();
  const [error, setError] = useState<string>();
  const text = words[locale];

  useEffect(() => {
    fetchPageConfig()
      .then((loaded) => {
        setConfig(loaded);
        if (loaded.devMode && loaded.patients[0]) setPatientId(loaded.patients[0].id);
      })
      .catch((failure: Error) => setError(failure.message));
  }, []);

  useEffect(() => {
    if (!config) return;
    let current = true;
    setConversation(undefined);
    fetchConversationToken({ locale, ...(patientId ? { patientId } : {}) })
      .then((token) => current && setConversation(token))
      .catch((failure: Error) => current && setError(failure.message));
    return () => {
      current = false;
    };
  }, [config, locale, patientId]);

  // Made and ended in one effect, so React's strict mode (mount, unmount, mount) never keeps an ended connection.
  const [directLine, setDirectLine] = useState<ReturnType<typeof createDirectLine>>();
  useEffect(() => {
    if (!conversation) return;
    const line = createDirectLine({ token: conversation.token, domain: `${window.location.origin}/v3/directline` });
    setDirectLine(line);
    return () => {
      line.end();
      setDirectLine(undefined);
    };
  }, [conversation]);

  useEffect(() => {
    document.documentElement.lang = locale;
    if (config) document.title = config.organizationName;
  }, [locale, config]);

  return (
    <div className="page">
      <header className="header">
        <div>
          <h1>{config?.organizationName ?? 'Consulta'}</h1>
          <p>{text.subtitle}</p>
        </div>
        <div className="controls">
          {config?.devMode && (
            <label>
              {text.chatAs}
              <select aria-label={text.chatAs} value={patientId} onChange={(event) => setPatientId(event.target.value)}>
                {config.patients.map((patient) => (
                  <option key={patient.id} value={patient.id}>
                    {patient.name}
                  </option>
                ))}
                <option value="">{text.visitor}</option>
              </select>
            </label>
          )}
          <div role="group" aria-label={text.language} className="languages">
            {(['en', 'es'] as const).map((option) => (
              <button key={option} type="button" aria-pressed={locale === option} onClick={() => setLocale(option)}>
                {option.toUpperCase()}
              </button>
            ))}
          </div>
        </div>
      </header>
      {/* A visitor (no signed-in or picked patient) may prove who they are, so the assistant can book for them. */}
      {!patientId && conversation && (
        <section className="verify-bar" aria-label={text.verify}>
          <VerifyPanel key={conversation.conversationId} token={conversation.token} text={text} />
        </section>
      )}
      <main className="chat" aria-busy={!directLine}>
        {error && <p role="alert" className="error">{`${text.failed}: ${error}`}</p>}
        {!error && !directLine && <p className="loading">{text.loading}</p>}
        {directLine && conversation && (
          <ReactWebChat
            key={conversation.conversationId}
            directLine={directLine}
            userID={conversation.userId}
            locale={webChatLocale[locale]}
            styleOptions={{ ...styleOptions }}
            overrideLocalizedStrings={{ TEXT_INPUT_PLACEHOLDER: text.placeholder }}
          />
        )}
      </main>
    </div>
  );
}
