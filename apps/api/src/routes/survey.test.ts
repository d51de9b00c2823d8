import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { countResponses, createAccessCodes, moveInbox, transitionRound } from '@gs/db';
import { type TestDatabase, openTestDatabase, testEngine } from '@gs/db/testing';
import { seedDraftRound, seedSurveyFixture } from '../../../../packages/db/src/queries/responses.fixture.ts';
import { createApp } from '../app.ts';
import { loadConfig } from '../config.ts';

let t: TestDatabase;
let f: Awaited<ReturnType<typeof seedSurveyFixture>>;
let app: ReturnType<typeof createApp>;

beforeAll(async () => {
  t = await openTestDatabase();
  app = createApp({ db: t.db, config: loadConfig({ ...process.env, NODE_ENV: 'test' }) });
});
afterAll(async () => t?.close());
beforeEach(async () => {
  await t.reset();
  f = await seedSurveyFixture(t.db);
});

/** A guardian's browser without JavaScript: follows redirects by hand and keeps the one cookie. */
class Guardian {
  cookie = '';
  html = '';
  status = 0;
  url = '';

  async get(path: string) {
    return this.handle(await app.request(path, { headers: this.headers() }), path);
  }

  async post(path: string, fields: Record<string, string | string[]>) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) body.append(k, x);
    const res = await app.request(path, {
      method: 'POST',
      body,
      headers: { ...this.headers(), 'content-type': 'application/x-www-form-urlencoded' },
    });
    return this.handle(res, path);
  }

  /** Posts the page's form as a browser would: its hidden fields plus the given ones. */
  async submit(fields: Record<string, string | string[]>) {
    const action =
      /<form[^>]*id="step-form"[^>]*action="([^"]+)"/.exec(this.html)?.[1] ??
      /<form[^>]*action="([^"]+)"/.exec(this.html)?.[1];
    const hidden: Record<string, string> = {};
    for (const m of this.html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) hidden[m[1]!] = m[2]!;
    return this.post(action!.replaceAll('&amp;', '&'), { ...hidden, ...fields });
  }

  private headers(): Record<string, string> {
    return this.cookie ? { cookie: this.cookie } : {};
  }

  private async handle(res: Response, path: string): Promise<Guardian> {
    const set = res.headers.get('set-cookie');
    if (set) {
      const [pair] = set.split(';');
      this.cookie = /Max-Age=0/.test(set) ? '' : pair!;
    }
    if (res.status === 303 || res.status === 302) return this.get(res.headers.get('location')!);
    this.status = res.status;
    this.html = await res.text();
    this.url = path;
    return this;
  }
}

const statements = (keys: string[], value: string) => Object.fromEntries(keys.map((k) => [`q_${k}`, value]));

describe(`the guardian pages without JavaScript (${testEngine})`, () => {
  it('the code page fills in the code from the QR link on a slip', async () => {
    const res = await app.request('/s/code?code=K7XM-4QPD');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('value="K7XM-4QPD"');
  });

  it('an open link shows the intro with the controller and a privacy link, in the browser’s language', async () => {
    const res = await app.request('/s/2026-basic/lahti', { headers: { 'accept-language': 'sv-FI,sv;q=0.9,en;q=0.5' } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('<html lang="sv" dir="ltr">');
    expect(html).toContain('Personuppgiftsansvarig');
    expect(html).toContain('href="/s/privacy?lang=sv"');
    expect(res.headers.get('set-cookie')).toBeNull();
  });

  it('completes a whole survey with form posts, switching language midway without losing answers', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=sv');
    await g.submit({ go: 'start' });
    expect(g.url).toBe('/s/2026-basic/step/background');
    expect(g.cookie).toMatch(/^gs_draft=/);
    expect(g.html).toContain('Steg 2 av 12');
    await g.submit({ go: 'next', unit: String(f.units.kivimaa), group: 'grades_3_6' });
    expect(g.url).toBe('/s/2026-basic/step/interaction');
    await g.submit({
      go: 'next',
      ...statements(['interaction_staff_friendly', 'interaction_child_heard'], '4'),
      q_interaction_class_atmosphere: '0',
    });
    expect(g.url).toBe('/s/2026-basic/step/safety');
    await g.submit({ go: 'lang:fi', q_safety_feels_safe: '5' });
    expect(g.html).toContain('<html lang="fi"');
    expect(g.html).toMatch(/id="q_safety_feels_safe-5"[^>]*checked/);
    await g.get('/s/2026-basic/step/interaction');
    expect(g.html).toMatch(/id="q_interaction_staff_friendly-4"[^>]*checked/);
    expect(g.html).toMatch(/id="q_interaction_class_atmosphere-0"[^>]*checked/);
    for (const step of ['safety', 'teaching', 'support', 'cooperation', 'participation', 'equality', 'environment']) {
      await g.get(`/s/2026-basic/step/${step}`);
      await g.submit({ go: 'next' });
    }
    expect(g.url).toBe('/s/2026-basic/step/overall');
    await g.submit({ go: 'next', q_overall_grade: '9', t_open_went_well: 'Opettajat ovat ihania.' });
    expect(g.url).toBe('/s/2026-basic/step/review');
    expect(g.html).toContain('Opettajat ovat ihania.');
    expect(g.html).toContain('Kivimaan koulu');
    await g.submit({ go: 'submit' });
    expect(g.url).toMatch(/^\/s\/2026-basic\/thanks\?lang=fi&m=lahti&u=\d+$/);
    expect(g.html).toContain('Kiitos vastauksestasi');
    expect(g.cookie).toBe('');
    expect(await countResponses(t.db, f.roundId, f.lahtiId)).toBe(1);
    await moveInbox(t.db, { all: true });
    const response = await t.db.selectFrom('response').selectAll().executeTakeFirstOrThrow();
    expect(response).toMatchObject({ language: 'fi', unit_id: f.units.kivimaa, group_key: 'grades_3_6' });
    const open = await t.db.selectFrom('open_answer').select(['text', 'state']).execute();
    expect(open).toEqual([{ text: 'Opettajat ovat ihania.', state: 'pending' }]);
    expect(await t.db.selectFrom('response_draft').selectAll().execute()).toEqual([]);
  });

  it('a double submit or a retry of the final post stores one response and both land on the thank-you page', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=en');
    await g.submit({ go: 'start' });
    await g.submit({ go: 'review', unit: 'none', group: 'grades_1_2' });
    expect(g.url).toBe('/s/2026-basic/step/review');
    const form = g.html;
    const first = new Guardian();
    const second = new Guardian();
    first.cookie = second.cookie = g.cookie;
    first.html = second.html = form;
    await Promise.all([first.submit({ go: 'submit' }), second.submit({ go: 'submit' })]);
    const retry = new Guardian();
    retry.html = form;
    await retry.submit({ go: 'submit' });
    for (const x of [first, second, retry]) expect(x.html).toContain('Thank you for your answers');
    expect(await countResponses(t.db, f.roundId)).toBe(1);
  });

  it('shows errors next to the fields in the guardian’s language and keeps what was given', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=sv');
    await g.submit({ go: 'start' });
    await g.submit({ go: 'next', unit: String(f.units.hartolaSchool) });
    expect(g.status).toBe(422);
    expect(g.html).toContain('class="error-summary"');
    expect(g.html).toContain('href="#group-pre_primary"');
    expect(g.html).toContain('Välj ett alternativ.');
    expect(g.html).toContain('id="group-error"');
    expect(g.html).toContain('aria-describedby="group-error"');
    expect(g.html).toContain('Enheten hör inte till den valda kommunen');
    expect(g.html).toMatch(/id="unit"[^>]*aria-invalid="true"/);
  });

  it('a text over the limit is refused on the page with the count', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=en');
    await g.submit({ go: 'start' });
    await g.get('/s/2026-basic/step/overall');
    await g.submit({ go: 'next', t_open_improve: 'x'.repeat(1005) });
    expect(g.status).toBe(422);
    expect(g.html).toContain('The answer is too long: 1005/1000 characters.');
    expect(g.html).toMatch(/id="t_open_improve"[^>]*aria-invalid="true"/);
  });

  it('a reload keeps the answers: the cookie finds the draft', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=en');
    await g.submit({ go: 'start' });
    await g.submit({ go: 'next', unit: String(f.units.kivimaa), group: 'grades_7_9' });
    await g.get('/s/2026-basic/step/background');
    expect(g.html).toMatch(/value="grades_7_9"[^>]*checked/);
    await g.get('/s/2026-basic/lahti');
    expect(g.html).toContain('Continue where you left off');
    await g.submit({ go: 'continue' });
    expect(g.url).toBe('/s/2026-basic/step/interaction');
  });

  it('a resume code continues on another device once, and the code retires', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=fi');
    await g.submit({ go: 'start' });
    await g.submit({ go: 'next', unit: 'none', group: 'grades_1_2' });
    await g.submit({ go: 'resume', q_interaction_staff_friendly: '2' });
    const code = /<code class="code"[^>]*>([^<]+)</.exec(g.html)?.[1];
    expect(code).toMatch(/^[2-9A-Z-]{29}$/);
    expect(g.html).toContain(`/s/resume/${code}`);
    // A link previewer or mail scanner opening the link spends nothing: the GET only fills in the form.
    const drafts = () => t.db.selectFrom('response_draft').selectAll().orderBy('token_hash').execute();
    const before = await drafts();
    const scanner = await app.request(`/s/resume/${code}`);
    expect(scanner.status).toBe(200);
    expect(scanner.headers.get('set-cookie')).toBeNull();
    expect(await scanner.text()).toMatch(/<form method="post" action="\/s\/resume"[\s\S]*value="[2-9A-Z-]{29}"/);
    expect(await drafts()).toEqual(before);
    const other = new Guardian();
    await other.get('/s/resume');
    await other.post('/s/resume', { code: code!.toLowerCase(), lang: 'fi' });
    expect(other.url).toBe('/s/2026-basic/step/interaction');
    expect(other.html).toMatch(/id="q_interaction_staff_friendly-2"[^>]*checked/);
    const third = new Guardian();
    const filledIn = () => /id="code" name="code"[^>]*value="([^"]*)"/.exec(third.html)?.[1] ?? '';
    await third.get(`/s/resume/${code}`);
    expect(filledIn()).toBe(code);
    await third.submit({ code: filledIn() });
    expect(third.status).toBe(404);
    await other.submit({ go: 'resume' });
    const next = /<code class="code"[^>]*>([^<]+)</.exec(other.html)?.[1];
    await third.get(`/s/resume/${next}?lang=en`);
    expect(third.html).toContain(`href="/s/resume/${next}?lang=sv"`);
    expect(third.status).toBe(200);
    await third.submit({ code: filledIn() });
    expect(third.url).toBe('/s/2026-basic/step/interaction');
    await g.get('/s/2026-basic/step/interaction');
    expect(g.status).toBe(410);
    const wrong = new Guardian();
    await wrong.post('/s/resume', { code: 'AAAA-BBBB', lang: 'en' });
    expect(wrong.status).toBe(404);
  });

  it('“answer for another child” starts a new response without asking the municipality and language again', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=sv');
    await g.submit({ go: 'start' });
    await g.submit({ go: 'review', unit: String(f.units.kivimaa), group: 'grades_1_2' });
    await g.submit({ go: 'submit' });
    await g.submit({});
    expect(g.url).toBe('/s/2026-basic/step/background');
    expect(g.html).toContain('<html lang="sv"');
    expect(g.html).toMatch(/<option value="lahti" selected/);
    expect(g.html).toMatch(new RegExp(`<option value="${f.units.kivimaa}" selected`));
    await g.submit({ go: 'review', group: 'grades_7_9' });
    await g.submit({ go: 'submit' });
    expect(await countResponses(t.db, f.roundId, f.lahtiId)).toBe(2);
  });

  it('a one-time code fixes the municipality, submits once and cannot be used again', async () => {
    const { codes } = await createAccessCodes(t.db, {
      roundId: f.roundId,
      municipalityId: f.hartolaId,
      unitId: null,
      count: 1,
    });
    const g = new Guardian();
    await g.get('/s/code?lang=en');
    await g.post('/s/code', { code: codes[0]!.toLowerCase(), lang: 'en' });
    expect(g.url).toBe('/s/2026-basic/step/intro');
    await g.submit({ go: 'next' });
    expect(g.html).toContain('Your code sets this.');
    await g.submit({ go: 'review', unit: String(f.units.hartolaSchool), group: 'grades_3_6' });
    await g.submit({ go: 'submit' });
    expect(g.html).toContain('Each child needs a code of their own');
    expect(await countResponses(t.db, f.roundId, f.hartolaId)).toBe(1);
    const again = new Guardian();
    await again.post('/s/code', { code: codes[0]!, lang: 'en' });
    expect(again.status).toBe(409);
    expect(again.html).toContain('This code has already been used');
    const unknown = new Guardian();
    await unknown.post('/s/code', { code: 'ZZZZ-ZZZZ', lang: 'fi' });
    expect(unknown.status).toBe(422);
    expect(unknown.html).toContain('Koodia ei tunnistettu');
  });

  it('a closed round says so and accepts nothing', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=en');
    await g.submit({ go: 'start' });
    await transitionRound(t.db, f.roundId, 'closed', null);
    await g.get('/s/2026-basic/lahti?lang=en');
    expect(g.html).toContain('The survey is not open');
    const res = await app.request('/s/2026-basic/lahti', {
      method: 'POST',
      body: new URLSearchParams({ go: 'start' }),
    });
    expect(res.status).toBe(409);
  });

  it('a round still in draft is not public: its pages are a 404 page', async () => {
    const draft = await seedDraftRound(t.db, f.roundId);
    const base = `/s/${draft.slug}`;
    for (const path of [base, `${base}/lahti`, `${base}/units?municipality=lahti`, `${base}/step/intro`]) {
      expect([path, (await app.request(path)).status]).toEqual([path, 404]);
    }
    const start = await app.request(`${base}/lahti`, { method: 'POST', body: new URLSearchParams({ go: 'start' }) });
    expect(start.status).toBe(404);
    expect(start.headers.get('set-cookie')).toBeNull();
    expect(await t.db.selectFrom('response_draft').selectAll().execute()).toEqual([]);
  });

  it('unknown rounds and municipalities are a 404 page', async () => {
    expect((await app.request('/s/2031-basic/lahti')).status).toBe(404);
    expect((await app.request('/s/2026-basic/tampere')).status).toBe(404);
    expect((await app.request('/s/2026-basic/heinola')).status).toBe(404);
  });

  it('Arabic pages are right to left in Arabic throughout: steps, field errors, the review page and error pages', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=ar');
    expect(g.html).toContain('<html lang="ar" dir="rtl">');
    expect(g.html).toContain('ابدأ</button>');
    // Nothing is English but the language switch's link and the settings' controller sentence (fi/sv/en).
    expect(g.html).not.toMatch(/<(?!a |html|p class="controller")[^>]* lang="en"/);
    expect(g.html).toContain('<p class="controller" lang="en">Controller:');
    await g.submit({ go: 'start' });
    await g.submit({ go: 'next' });
    expect(g.status).toBe(422);
    expect(g.html).toContain('<html lang="ar" dir="rtl">');
    expect(g.html).toContain('يرجى التحقق مما يلي');
    expect(g.html).toContain('اختر خيارًا واحدًا.');
    await g.get('/s/2026-basic/step/review');
    expect(g.html).toContain('<html lang="ar" dir="rtl">');
    expect(g.html).toContain('راجع إجاباتك');
    const missing = await (await app.request('/s/2026-basic/nowhere?lang=ar')).text();
    expect(missing).toContain('<html lang="ar" dir="rtl">');
    expect(missing).toContain('الصفحة غير موجودة');
    // A form refused outright (a NUL character) answers in the language it was posted in.
    const refused = await g.submit({ go: 'next', t_open_improve: 'a\u0000b' });
    expect(refused.status).toBe(400);
    expect(refused.html).toContain('<html lang="ar" dir="rtl">');
    expect(refused.html).toContain('تعذّرت معالجة الطلب');
  });

  it('the pages no round decides speak every interface language: Somali code page, Ukrainian not-found page', async () => {
    const code = await (await app.request('/s/code?lang=so')).text();
    expect(code).toContain('<html lang="so" dir="ltr">');
    expect(code).toContain('Ku jawaab koodh hal mar la isticmaalo');
    expect(code).toContain('hreflang="et"');
    const missing = await (await app.request('/s/2031-basic/lahti?lang=uk')).text();
    expect(missing).toContain('Сторінку не знайдено');
  });

  it('a browser asking for Russian gets the survey in Russian where the questionnaire has it', async () => {
    const headers = { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' };
    const html = await (await app.request('/s/2026-basic/lahti', { headers })).text();
    expect(html).toContain('<html lang="ru" dir="ltr">');
    expect(html).toContain('Начать</button>');
    expect(html).toContain('>Русский</span>');
  });

  it('the privacy page exists in each language and says what is stored', async () => {
    for (const [lang, phrase] of [
      ['fi', 'Vastauspäivä'],
      ['sv', 'Svarsdagen'],
      ['en', 'The date you answered'],
      ['uk', 'Дата відповіді'],
      ['ar', 'تاريخ الإجابة'],
      ['ru', 'Дата ответа'],
      ['so', 'Taariikhda aad jawaabtay'],
      ['et', 'Vastamise kuupäev'],
    ]) {
      const res = await app.request(`/s/privacy?lang=${lang}`);
      expect(res.status).toBe(200);
      const html = await res.text();
      expect(html).toContain(`<html lang="${lang}"`);
      expect(html).toContain(phrase);
      // The controller sentence of the settings (fi/sv/en) is English elsewhere, and marked so.
      if (!['fi', 'sv', 'en'].includes(lang ?? '')) expect(html).toContain('<p lang="en">Controller:');
    }
  });

  it('autosave stores the current page’s answers as JSON', async () => {
    const g = new Guardian();
    await g.get('/s/2026-basic/lahti?lang=fi');
    await g.submit({ go: 'start' });
    const res = await app.request('/s/2026-basic/autosave', {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie: g.cookie },
      body: JSON.stringify({ step: 'overall', fields: { t_open_improve: 'Lisää liikuntaa', q_overall_grade: '8' } }),
    });
    expect(res.status).toBe(200);
    await g.get('/s/2026-basic/step/overall');
    expect(g.html).toContain('Lisää liikuntaa');
    expect(g.html).toMatch(/id="q_overall_grade-8"[^>]*checked/);
    const gone = await app.request('/s/2026-basic/autosave', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: 'NOPE-NOPE', step: 'overall', fields: {} }),
    });
    expect(gone.status).toBe(404);
    expect(await gone.json()).toMatchObject({ error: { code: 'not_found', field: 'token' } });
  });

  it('sets no cookie but the draft cookie, scoped to the round and HttpOnly', async () => {
    const res = await app.request('/s/2026-basic/lahti', {
      method: 'POST',
      body: new URLSearchParams({ go: 'start' }),
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^gs_draft=[^;]+; Max-Age=2592000; Path=\/s\/2026-basic; HttpOnly; SameSite=Lax$/);
  });
});
