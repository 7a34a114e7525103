import { describe, expect, it } from 'vitest';
import { defaultTemplate, sampleVariables, templateEvents } from './default-templates';
import { notificationLocales } from './date-format';
import { notificationChannels } from './notification-sender';
import { checkTemplate, renderTemplate } from './template-renderer';

const hostile = { ...sampleVariables, recipientName: '<script>alert(1)</script>', reason: 'Tom & "Jerry"' };

describe('renderTemplate', () => {
  it('escapes variables in the HTML part and leaves the text part as written', async () => {
    const rendered = await renderTemplate(defaultTemplate('appointment.cancelled', 'email', 'en'), hostile, { html: true });
    expect(rendered.text).toContain('Hello <script>alert(1)</script>,');
    expect(rendered.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;,');
    expect(rendered.html).toContain('Reason: Tom &amp; &#34;Jerry&#34;.');
    expect(rendered.html).not.toContain('<script>');
    expect(rendered.subject).toBe('Your appointment was cancelled');
  });

  it('escapes variables in an admin’s own HTML template too', async () => {
    const content = { subject: 'S', text: 'T', html: '<h1>{{ recipientName }}</h1>', urgent: false };
    expect((await renderTemplate(content, hostile, { html: true })).html).toContain('<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>');
  });

  it('has a default for every event, channel and locale, each rendering with the sample data', async () => {
    for (const event of templateEvents)
      for (const channel of notificationChannels)
        for (const locale of notificationLocales) {
          const rendered = await renderTemplate(defaultTemplate(event, channel, locale), sampleVariables, { html: channel === 'email' });
          expect(rendered.text, `${event} ${channel} ${locale}`).not.toContain('{{');
          expect(rendered.text.length).toBeGreaterThan(20);
        }
  });
});

describe('checkTemplate', () => {
  it('refuses unknown variables, unknown filters, includes and broken syntax', async () => {
    await expect(checkTemplate({ subject: null, text: 'Hi {{ nmae }}', html: null })).rejects.toMatchObject({ code: 'invalid_template' });
    await expect(checkTemplate({ subject: null, text: '{{ when | shell }}', html: null })).rejects.toMatchObject({ code: 'invalid_template' });
    await expect(checkTemplate({ subject: null, text: "{% include '/etc/passwd' %}", html: null })).rejects.toMatchObject({ code: 'invalid_template' });
    await expect(checkTemplate({ subject: '{% if %}', text: 'ok', html: null })).rejects.toMatchObject({ code: 'invalid_template', details: { field: 'subject' } });
    await expect(checkTemplate({ subject: null, text: '{{ when | upcase }} {{ recipientName }}', html: null })).resolves.toBeUndefined();
  });
});
