import './survey.css';

// Progressive enhancement only: every page works as a plain form without this script.

const SAVE_DELAY_MS = 900;

function submitterOf(event: SubmitEvent): HTMLButtonElement | null {
  return event.submitter instanceof HTMLButtonElement ? event.submitter : null;
}

/** One submit per click: later submits of the same form are ignored until the page changes. */
function preventDoubleSubmit(form: HTMLFormElement) {
  form.addEventListener('submit', (event) => {
    if (event.defaultPrevented) return;
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = '1';
    submitterOf(event)?.setAttribute('aria-busy', 'true');
    window.setTimeout(() => delete form.dataset.submitting, 8000);
  });
  window.addEventListener('pageshow', () => delete form.dataset.submitting);
}

function controlsOf(field: Element): HTMLElement[] {
  return Array.from(field.querySelectorAll<HTMLElement>('input, select, textarea')).concat(
    field instanceof HTMLSelectElement || field instanceof HTMLTextAreaElement ? [field] : [],
  );
}

function showFieldError(field: HTMLElement, name: string, message: string) {
  const id = `${name}-error`;
  let p = document.getElementById(id);
  if (!p) {
    p = document.createElement('p');
    p.className = 'field-error';
    p.id = id;
    const anchor = field instanceof HTMLFieldSetElement ? field.querySelector('legend') : field.previousElementSibling;
    (anchor ?? field).insertAdjacentElement(anchor ? 'afterend' : 'beforebegin', p);
  }
  p.textContent = message;
  const described = new Set([id, ...(field.getAttribute('aria-describedby') ?? '').split(' ')]);
  field.setAttribute('aria-describedby', [...described].filter(Boolean).join(' '));
  for (const c of controlsOf(field)) c.setAttribute('aria-invalid', 'true');
  field.closest('.field')?.classList.add('has-error');
}

function clearFieldError(field: HTMLElement, name: string) {
  const id = `${name}-error`;
  document.getElementById(id)?.remove();
  const described = (field.getAttribute('aria-describedby') ?? '').split(' ').filter((x) => x && x !== id);
  if (described.length) field.setAttribute('aria-describedby', described.join(' '));
  else field.removeAttribute('aria-describedby');
  for (const c of controlsOf(field)) c.removeAttribute('aria-invalid');
  field.closest('.field')?.classList.remove('has-error');
}

function showSummary(form: HTMLFormElement, items: { href: string; text: string }[]) {
  document.querySelector('.error-summary')?.remove();
  if (items.length === 0) return;
  const box = document.createElement('div');
  box.className = 'error-summary';
  box.setAttribute('role', 'alert');
  box.tabIndex = -1;
  const h = document.createElement('h2');
  h.textContent = form.dataset.errorSummary ?? '';
  const ul = document.createElement('ul');
  for (const item of items) {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = item.href;
    a.textContent = item.text;
    li.append(a);
    ul.append(li);
  }
  box.append(h, ul);
  form.parentElement?.insertBefore(box, form.parentElement.querySelector('h1'));
  box.focus();
}

/** Required choices (the background page) are checked before the form is sent; the server checks again. */
function instantValidation(form: HTMLFormElement) {
  const required = Array.from(form.querySelectorAll<HTMLElement>('[data-required]'));
  if (required.length === 0) return;
  const nameOf = (el: HTMLElement) => el.getAttribute('name') ?? el.id;
  const missing = (el: HTMLElement) =>
    el instanceof HTMLSelectElement ? el.value === '' : !el.querySelector('input:checked');
  form.addEventListener('submit', (event) => {
    const go = submitterOf(event)?.value ?? 'next';
    if (go !== 'next' && go !== 'review') return;
    const problems: { href: string; text: string }[] = [];
    for (const el of required) {
      if (!missing(el)) continue;
      const message = el.dataset.required ?? '';
      showFieldError(el, nameOf(el), message);
      const first = el instanceof HTMLSelectElement ? el : el.querySelector('input');
      problems.push({ href: `#${first?.id ?? el.id}`, text: message });
    }
    if (problems.length) {
      event.preventDefault();
      showSummary(form, problems);
    }
  });
  for (const el of required) {
    el.addEventListener('change', () => {
      if (!missing(el)) clearFieldError(el, nameOf(el));
    });
  }
}

/** Live character counters for open answers, with a message once the limit is passed. */
function counters(root: ParentNode) {
  for (const area of root.querySelectorAll<HTMLTextAreaElement>('textarea[data-max]')) {
    const counter = document.getElementById(`${area.id}-counter`);
    const max = Number(area.dataset.max);
    const template = counter?.dataset.template ?? '';
    const update = () => {
      const length = [...area.value].length;
      if (counter) counter.textContent = template.replace('999999', String(length));
      counter?.classList.toggle('over', length > max);
      if (length > max) showFieldError(area, area.name, (area.dataset.tooLong ?? '').replace('0/', `${length}/`));
      else if (area.getAttribute('aria-invalid')) clearFieldError(area, area.name);
    };
    area.addEventListener('input', update);
    update();
  }
}

/** Saves the page's answers while the guardian types, so a dropped connection loses nothing. */
function autosave(form: HTMLFormElement) {
  const url = form.dataset.autosave;
  const step = form.dataset.step;
  if (!url || !step) return;
  const status = form.querySelector<HTMLElement>('.save-status');
  let timer = 0;
  let dirty = false;
  const payload = () => {
    const fields: Record<string, string> = {};
    for (const [k, v] of new FormData(form)) {
      if (typeof v === 'string' && !['token', 'idem', 'lang', 'go'].includes(k)) fields[k] = v;
    }
    const token = (form.elements.namedItem('token') as HTMLInputElement | null)?.value;
    return JSON.stringify({ token, step, fields });
  };
  const save = async (keepalive = false) => {
    window.clearTimeout(timer);
    if (!dirty) return;
    dirty = false;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: payload(),
        keepalive,
        credentials: 'same-origin',
      });
      if (!res.ok) throw new Error(String(res.status));
      if (status && status.textContent !== form.dataset.saved) status.textContent = form.dataset.saved ?? '';
    } catch {
      dirty = true;
      if (status) status.textContent = form.dataset.saveFailed ?? '';
    }
  };
  const schedule = () => {
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(() => void save(), SAVE_DELAY_MS);
  };
  form.addEventListener('input', schedule);
  form.addEventListener('change', schedule);
  form.addEventListener('submit', () => {
    dirty = false;
    window.clearTimeout(timer);
  });
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'hidden') void save(true);
  });
}

/** The unit list follows the chosen municipality without a page load. */
function unitsFollowMunicipality(form: HTMLFormElement) {
  const municipality = form.querySelector<HTMLSelectElement>('select[data-units-url]');
  const unit = form.querySelector<HTMLSelectElement>('select#unit');
  if (!municipality || !unit) return;
  form.querySelector<HTMLElement>('[data-refresh-units]')?.setAttribute('hidden', '');
  municipality.addEventListener('change', async () => {
    const lang = document.documentElement.lang;
    const res = await fetch(
      `${municipality.dataset.unitsUrl}?municipality=${encodeURIComponent(municipality.value)}&lang=${lang}`,
    );
    if (!res.ok) return;
    const units = (await res.json()) as { id: number; name: string }[];
    const first = unit.options[0];
    const last = unit.options[unit.options.length - 1];
    unit.replaceChildren(
      ...[first, ...units.map((u) => new Option(u.name, String(u.id))), last].filter((o): o is HTMLOptionElement =>
        Boolean(o),
      ),
    );
    unit.value = '';
  });
}

for (const form of document.querySelectorAll<HTMLFormElement>('form')) {
  instantValidation(form);
  preventDoubleSubmit(form);
  counters(form);
  if (form.dataset.autosave) {
    autosave(form);
    unitsFollowMunicipality(form);
  }
}
