// The operator console: plain DOM, no framework, no build. Every figure comes from the gateway's /admin/**
// with the operator's bearer token; the page polls every POLL_MS and re-draws a section only when its data
// changed, so buttons stay put between polls.
'use strict';

(() => {
  const POLL_MS = 2000;
  const LETTERS_PER_CONSUMER = 50;
  const TOKEN = 'taskflow.console.token';
  const USER = 'taskflow.console.user';
  const ACTIVE_REBUILD = ['BUILDING', 'READY', 'SWAPPING'];

  const $ = (id) => document.getElementById(id);
  let timer = null;
  let drawn = {};
  let lookedUp = null;

  /** el('td', {class: 'num', data: {x: 1}}, 'text', child…): data from the platform only ever becomes text. */
  function el(tag, attributes, ...children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attributes || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (name === 'data') {
        for (const [key, v] of Object.entries(value)) if (v !== null && v !== undefined) node.dataset[key] = String(v);
      } else if (name === 'on') {
        for (const [event, handler] of Object.entries(value)) node.addEventListener(event, handler);
      } else {
        node.setAttribute(name, value === true ? '' : String(value));
      }
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  class ApiError extends Error {
    constructor(status, detail) {
      super(detail);
      this.status = status;
    }
  }

  async function readJson(response) {
    const text = await response.text();
    if (!text) return null;
    try {
      return JSON.parse(text);
    } catch (e) {
      return {detail: text};
    }
  }

  /** A call to the operator API; a 401 means the token has expired, so the operator signs in again. */
  async function api(method, path) {
    const response = await fetch(path, {
      method,
      headers: {Authorization: 'Bearer ' + sessionStorage.getItem(TOKEN), Accept: 'application/json'},
    });
    const body = await readJson(response);
    if (response.status === 401) {
      signOut('Your session has ended; please sign in again.');
    }
    if (!response.ok) {
      throw new ApiError(response.status, (body && (body.detail || body.title)) || response.statusText);
    }
    return body;
  }

  // ---- signing in and out ----------------------------------------------------------------------------

  function showLoginError(text, status) {
    const error = $('login-error');
    error.textContent = text;
    error.dataset.status = status || '';
    error.hidden = false;
  }

  async function signIn(event) {
    event.preventDefault();
    $('login-error').hidden = true;
    $('login-submit').disabled = true;
    try {
      const username = $('login-username').value.trim();
      const response = await fetch('/auth/token', {
        method: 'POST',
        headers: {'Content-Type': 'application/json', Accept: 'application/json'},
        body: JSON.stringify({username, password: $('login-password').value}),
      });
      const body = await readJson(response);
      if (!response.ok || !body || !body.accessToken) {
        showLoginError((body && body.detail) || 'Sign-in failed (' + response.status + ')', response.status);
        return;
      }
      // the gateway decides who is an operator: ask it before showing anything
      const check = await fetch('/admin/projections', {headers: {Authorization: 'Bearer ' + body.accessToken}});
      if (!check.ok) {
        const problem = await readJson(check);
        const detail = (problem && problem.detail) || check.statusText;
        showLoginError(check.status === 403 ? 'Signed in, but not as a platform operator: ' + detail : detail,
            check.status);
        return;
      }
      sessionStorage.setItem(TOKEN, body.accessToken);
      sessionStorage.setItem(USER, username);
      $('login-password').value = '';
      start();
    } catch (e) {
      showLoginError('The gateway cannot be reached: ' + e.message);
    } finally {
      $('login-submit').disabled = false;
    }
  }

  function signOut(reason) {
    sessionStorage.removeItem(TOKEN);
    sessionStorage.removeItem(USER);
    clearTimeout(timer);
    timer = null;
    drawn = {};
    lookedUp = null;
    $('console').hidden = true;
    $('session').hidden = true;
    $('login').hidden = false;
    if (reason) showLoginError(reason, 401);
  }

  function start() {
    $('login').hidden = true;
    $('console').hidden = false;
    $('session').hidden = false;
    $('session-user').textContent = 'Signed in as ' + (sessionStorage.getItem(USER) || 'operator');
    poll();
  }

  // ---- polling ---------------------------------------------------------------------------------------

  async function poll() {
    clearTimeout(timer);
    try {
      await refresh();
    } finally {
      // an action or a lookup may poll in between: still only one timer
      clearTimeout(timer);
      if (sessionStorage.getItem(TOKEN)) timer = setTimeout(poll, POLL_MS);
    }
  }

  async function refresh() {
    const [processors, projections, outbox, dlq] = await Promise.allSettled([
      api('GET', '/admin/processors'), api('GET', '/admin/projections'), api('GET', '/admin/outbox'),
      api('GET', '/admin/dlq')]);
    if (!sessionStorage.getItem(TOKEN)) return;
    draw('processors', processors, drawProcessors);
    draw('projections', settledBoth(projections, processors), drawProjections);
    draw('outbox', outbox, drawOutbox);
    draw('dlq', await withLetters(dlq), drawDeadLetters);
    if (lookedUp) draw('request', await settle(api('GET', '/admin/requests/' + encodeURIComponent(lookedUp))),
        drawRequestPath);
    $('last-update').textContent = 'updated ' + new Date().toLocaleTimeString();
  }

  async function settle(promise) {
    return (await Promise.allSettled([promise]))[0];
  }

  function settledBoth(first, second) {
    if (first.status === 'rejected') return first;
    if (second.status === 'rejected') return second;
    return {status: 'fulfilled', value: {projections: first.value.projections, services: second.value.services}};
  }

  /** Draws a section from a settled call, only when what it would show has changed. */
  function draw(section, settled, render) {
    const key = JSON.stringify(settled.status === 'fulfilled' ? settled.value : String(settled.reason.message));
    if (drawn[section] === key) return;
    drawn[section] = key;
    const target = $(section === 'request' ? 'request-result' : section + '-body');
    target.replaceChildren(settled.status === 'fulfilled'
        ? render(settled.value)
        : el('p', {class: 'error', data: {sectionError: section}}, 'Not available: ' + settled.reason.message));
  }

  // ---- actions ---------------------------------------------------------------------------------------

  function say(text, kind) {
    const message = $('message');
    message.textContent = text;
    message.dataset.kind = kind;
    message.hidden = false;
  }

  async function act(description, method, path) {
    try {
      const result = await api(method, path);
      say(description + ': ' + summarize(result), 'ok');
    } catch (e) {
      say(description + ' failed: ' + e.message, 'error');
    }
    poll();
  }

  function summarize(result) {
    if (!result) return 'done';
    if (result.rebuild) return 'rebuild ' + result.rebuild.state;
    if (result.sequencesAttempted !== undefined) {
      return result.sequencesReplayed + ' of ' + result.sequencesAttempted + ' sequence(s) processed, '
          + result.lettersRemaining + ' letter(s) left';
    }
    if (result.running !== undefined) return result.running ? 'running' : 'paused';
    if (result.eventId) return 'event ' + result.eventId + ' dropped';
    return 'done';
  }

  function button(label, action, data, onClick, disabled) {
    return el('button', {type: 'button', disabled: !!disabled, data: Object.assign({action}, data), on: {click: onClick}},
        label);
  }

  // ---- sections --------------------------------------------------------------------------------------

  function badge(text, kind) {
    return el('span', {class: 'badge ' + (kind || '')}, text);
  }

  function serviceHeading(entry) {
    return el('h3', {}, entry.service + ' ',
        entry.status === 'UP' ? badge('UP', 'ok') : badge(entry.status, 'bad'),
        entry.error ? el('small', {class: 'error'}, ' ' + entry.error) : null);
  }

  function lagText(lag) {
    if (!lag || lag.length === 0) return '–';
    return lag.map((t) => t.topic + ': ' + t.records + ' (' + seconds(t.seconds) + ')').join('\n');
  }

  function seconds(value) {
    if (value === null || value === undefined) return '–';
    if (value < 60) return Math.round(value) + ' s';
    if (value < 3600) return Math.floor(value / 60) + ' min ' + Math.round(value % 60) + ' s';
    return (value / 3600).toFixed(1) + ' h';
  }

  function time(iso) {
    return iso ? new Date(iso).toLocaleTimeString() : '–';
  }

  function rebuildView(rebuild, projection) {
    if (!rebuild) return el('span', {class: 'muted', data: {rebuildState: 'NONE', projection}}, 'no rebuild');
    const percent = Math.round((rebuild.progress || 0) * 100);
    const kind = {SWAPPED: 'ok', FAILED: 'bad', CANCELLED: 'warn'}[rebuild.state] || '';
    return el('div', {class: 'rebuild', data: {rebuildState: rebuild.state, projection}},
        el('div', {}, badge(rebuild.state, kind), ' ', el('small', {}, rebuild.swap + ' swap, started '
            + time(rebuild.startedAt) + (rebuild.startedBy ? ' by ' + rebuild.startedBy : '')
            + (rebuild.finishedAt ? ', finished ' + time(rebuild.finishedAt) : ''))),
        el('progress', {max: 1, value: rebuild.progress || 0, data: {progress: rebuild.progress || 0}}),
        el('small', {class: 'rebuild-figures'}, percent + ' % · ' + rebuild.processed + ' / ' + rebuild.target
            + ' records' + (rebuild.ratePerSecond ? ' · ' + Math.round(rebuild.ratePerSecond) + '/s' : '')
            + (ACTIVE_REBUILD.includes(rebuild.state) && rebuild.etaSeconds !== null
                && rebuild.etaSeconds !== undefined ? ' · ETA ' + seconds(rebuild.etaSeconds) : '')),
        rebuild.error ? el('small', {class: 'error'}, rebuild.error) : null);
  }

  function drawProcessors(overview) {
    return el('div', {}, overview.services.map((entry) => el('div',
        {class: 'service', data: {service: entry.service, status: entry.status}},
        serviceHeading(entry),
        entry.processors ? el('table', {},
            el('thead', {}, el('tr', {}, ['processor', 'state', 'lag (records, oldest)', 'rebuild', ''].map(
                (h) => el('th', {}, h)))),
            el('tbody', {}, entry.processors.map((p) => processorRow(entry.service, p)))) : null)));
  }

  function processorRow(service, p) {
    const state = p.error ? badge('error', 'bad') : p.running ? badge('running', 'ok') : badge('paused', 'warn');
    const path = '/admin/processors/' + encodeURIComponent(service) + '/' + encodeURIComponent(p.name);
    return el('tr', {data: {processor: service + '/' + p.name, running: p.running, error: p.error}},
        el('td', {}, p.name, el('br'), el('small', {}, p.kind + ' · ' + (p.segments ? p.segments.length : 0)
            + ' segment(s)')),
        el('td', {}, state),
        el('td', {}, el('small', {class: 'lag'}, lagText(p.lag))),
        el('td', {}, p.rebuild ? rebuildView(p.rebuild, p.name) : '–'),
        el('td', {}, p.running
            ? button('Pause', 'pause', {service, processor: p.name},
                () => act('Pause ' + service + '/' + p.name, 'POST', path + '/pause'))
            : button('Resume', 'resume', {service, processor: p.name},
                () => act('Resume ' + service + '/' + p.name, 'POST', path + '/resume'))));
  }

  function drawProjections(data) {
    return el('div', {}, data.projections.map((projection) => {
      const service = data.services.find((s) => s.service === projection.service);
      const processor = service && service.processors
          ? service.processors.find((p) => p.name === projection.name) : null;
      const rebuild = processor ? processor.rebuild : null;
      const active = rebuild && ACTIVE_REBUILD.includes(rebuild.state);
      const path = '/admin/projections/' + encodeURIComponent(projection.name);
      const name = projection.name;
      return el('div', {class: 'projection', id: 'projection-' + name, data: {projection: name, service: projection.service}},
          el('h3', {}, name + ' ', el('small', {}, 'at ' + projection.service)),
          service && service.status !== 'UP' ? el('p', {class: 'error'}, projection.service + ' is ' + service.status) : null,
          rebuildView(rebuild, name),
          el('div', {class: 'actions'},
              button('Replay (auto swap)', 'replay', {projection: name},
                  () => act('Replay of ' + name, 'POST', path + '/replay'), active),
              button('Rebuild (manual swap)', 'rebuild-manual', {projection: name},
                  () => act('Rebuild of ' + name, 'POST', path + '/rebuild?swap=manual'), active),
              button('Swap', 'swap', {projection: name},
                  () => act('Swap of ' + name, 'POST', path + '/rebuild/swap'), !active),
              button('Cancel', 'cancel', {projection: name},
                  () => act('Cancel of ' + name, 'POST', path + '/rebuild/cancel'), !active)));
    }));
  }

  function drawOutbox(overview) {
    return el('table', {},
        el('thead', {}, el('tr', {}, ['service', 'events not yet on Kafka', 'oldest waiting', 'measured'].map(
            (h) => el('th', {}, h)))),
        el('tbody', {}, overview.services.map((entry) => {
          const outbox = entry.outbox;
          return el('tr', {data: {outboxService: entry.service, status: entry.status,
            events: outbox ? outbox.events : null}},
          el('td', {}, entry.service + ' ', entry.status === 'UP' ? null : badge(entry.status, 'bad')),
          outbox ? el('td', {class: 'num'}, outbox.events, outbox.overThreshold ? ' ' : null,
              outbox.overThreshold ? badge('over threshold', 'bad') : null)
            : el('td', {class: 'error'}, entry.error),
          el('td', {class: 'num'}, outbox ? seconds(outbox.ageSeconds) : ''),
          el('td', {}, outbox ? time(outbox.measuredAt) : ''));
        })));
  }

  /** The summary, plus a page of letters of each consumer that has some. */
  async function withLetters(settled) {
    if (settled.status === 'rejected') return settled;
    const consumers = await Promise.all(settled.value.consumers.map(async (consumer) => {
      if (consumer.status !== 'UP' || consumer.letters === 0) return consumer;
      try {
        const page = await api('GET', '/admin/dlq/' + encodeURIComponent(consumer.consumer) + '?page=0&size='
            + LETTERS_PER_CONSUMER);
        return Object.assign({}, consumer, {page});
      } catch (e) {
        return Object.assign({}, consumer, {pageError: e.message});
      }
    }));
    return {status: 'fulfilled', value: {consumers}};
  }

  function drawDeadLetters(summary) {
    return el('div', {}, summary.consumers.map((consumer) => {
      const name = consumer.consumer;
      const base = '/admin/dlq/' + encodeURIComponent(name);
      return el('div', {class: 'consumer', id: 'dlq-' + name,
        data: {consumer: name, status: consumer.status, letters: consumer.letters}},
      el('h3', {}, name + ' ', el('small', {}, 'at ' + consumer.service + ' '),
          consumer.status !== 'UP' ? badge(consumer.status, 'bad')
            : badge(consumer.letters + ' letter(s)', consumer.letters > 0 ? 'bad' : 'ok'),
          consumer.error ? el('small', {class: 'error'}, ' ' + consumer.error) : null,
          ' ', consumer.letters > 0 ? button('Retry all', 'retry-all', {consumer: name},
            () => act('Retry of every letter of ' + name, 'POST', base + '/retry-all')) : null),
      consumer.pageError ? el('p', {class: 'error'}, consumer.pageError) : null,
      consumer.page ? lettersTable(name, base, consumer.page) : null);
    }));
  }

  function lettersTable(consumer, base, page) {
    return el('div', {},
        el('table', {},
            el('thead', {}, el('tr', {}, ['event', 'reason', 'where', 'failed', 'correlation id', ''].map(
                (h) => el('th', {}, h)))),
            el('tbody', {}, page.letters.map((letter) => el('tr',
                {data: {letterId: letter.id, eventId: letter.eventId, consumer}},
                el('td', {}, letter.eventType, el('br'), el('small', {}, letter.kind + ', ' + (letter.attempts || '?')
                    + ' attempt(s)')),
                el('td', {class: 'reason'}, el('small', {}, shorten(letter.reason, 140)),
                    el('details', {}, el('summary', {}, 'details'),
                        el('pre', {}, (letter.reason || '') + '\n\n' + JSON.stringify(letter.payload, null, 2)))),
                el('td', {}, el('small', {}, letter.topic + ' ' + letter.partition + '@' + letter.offset)),
                el('td', {}, el('small', {}, time(letter.firstFailure) + ' – ' + time(letter.lastFailure))),
                el('td', {}, letter.correlationId ? el('button', {type: 'button', class: 'lookup',
                  data: {action: 'look-up', correlationId: letter.correlationId},
                  on: {click: () => lookUp(letter.correlationId)}}, letter.correlationId) : '–'),
                el('td', {}, el('div', {class: 'actions'},
                    button('Retry', 'retry', {consumer, letterId: letter.id},
                        () => act('Retry of ' + letter.eventType + ' ' + letter.eventId, 'POST',
                            base + '/' + encodeURIComponent(letter.id) + '/retry')),
                    button('Discard', 'discard', {consumer, letterId: letter.id}, () => {
                      if (confirm('Drop this ' + letter.eventType + ' for good? It is never applied.')) {
                        act('Discard of ' + letter.eventType + ' ' + letter.eventId, 'POST',
                            base + '/' + encodeURIComponent(letter.id) + '/discard');
                      }
                    }))))))),
        page.total > page.letters.length
            ? el('p', {class: 'muted'}, 'Showing ' + page.letters.length + ' of ' + page.total + ' letters, oldest first.')
            : null);
  }

  function shorten(text, length) {
    if (!text) return '';
    return text.length > length ? text.substring(0, length - 1) + '…' : text;
  }

  function lookUp(correlationId) {
    $('request-correlation-id').value = correlationId;
    lookedUp = correlationId;
    delete drawn.request;
    poll();
  }

  function drawRequestPath(path) {
    const audit = path.audit.status === 'UP'
        ? (path.audit.truncated ? el('p', {class: 'muted'}, 'Only the oldest events are listed.') : null)
        : el('p', {class: 'error', data: {auditStatus: path.audit.status}},
            'Events unknown: ' + path.audit.service + ' is ' + path.audit.status + ' (' + path.audit.error + ')');
    if (path.steps.length === 0) {
      return el('div', {data: {correlationId: path.correlationId}}, audit,
          el('p', {class: 'muted', id: 'request-empty'}, 'Nothing known for ' + path.correlationId
              + ' (the gateway keeps only its most recent requests).'));
    }
    return el('div', {data: {correlationId: path.correlationId}}, audit,
        el('ol', {class: 'steps', id: 'request-steps'}, path.steps.map((step) => step.kind === 'request'
            ? el('li', {data: {stepKind: 'request', status: step.status, service: step.service}},
                el('strong', {}, step.method + ' ' + step.path), ' → ', String(step.status), ' in ' + step.durationMs
                + ' ms, answered by ' + step.answeredBy + (step.service && step.service !== step.answeredBy
                    ? ' (routed to ' + step.service + ')' : ''),
                el('br'), el('small', {}, time(step.at) + ' · gateway · trace ' + step.traceId))
            : el('li', {data: {stepKind: 'event', eventType: step.eventType, entityId: step.entityId}},
                el('strong', {}, step.eventType), ' ' + (step.summary || ''),
                el('br'), el('small', {}, 'from ' + step.source + ' at ' + time(step.occurredAt) + ', audited '
                    + time(step.recordedAt) + ' · organization ' + step.organizationId + ' · '
                    + step.entityType + ' ' + step.entityId)))));
  }

  // ---- wiring ----------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('login-form').addEventListener('submit', signIn);
    $('logout').addEventListener('click', () => signOut());
    $('request-form').addEventListener('submit', (event) => {
      event.preventDefault();
      const id = $('request-correlation-id').value.trim();
      if (id) lookUp(id);
    });
    if (sessionStorage.getItem(TOKEN)) start();
  });
})();
