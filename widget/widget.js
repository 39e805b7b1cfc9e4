/*!
 * Relais chat widget: one <script> tag, no dependencies, UI isolated in a Shadow DOM.
 *   <script src="https://HOST/widget.js" data-language="fr" async></script>
 * Talks to the Relais server it was loaded from (the visitor WebSocket, CONTRACT §5).
 * Licensed under the Apache License 2.0.
 */
(() => {
  'use strict';

  if (window.Relais && window.Relais.version) return; // loaded twice: the first copy stays in charge

  const VERSION = '1.0.0';
  const SCRIPT = document.currentScript || findOwnScript();
  if (!SCRIPT) {
    console.error('Relais: cannot find the widget.js script tag');
    return;
  }
  const ORIGIN = new URL(SCRIPT.src, location.href).origin;
  const SOCKET_URL = `${ORIGIN.replace(/^http/, 'ws')}/ws/visitor`;
  const STORE_KEY = `relais:${ORIGIN}`;

  const TYPING_EVERY_MS = 3000; // the visitor's typing signal, at most this often
  const TYPING_SHOWN_MS = 15000; // the other side's typing dots disappear after this without news
  const WATCHDOG_MS = 70000; // the server pings after 25 s of silence: longer than this means a dead socket
  const RETRY_MAX_MS = 30000;
  const RESEND_MS = 2000; // a message the server could not take yet (its engine restarting) is sent again after
  const RESEND_MAX_MS = 10000; // 2, 4, 6, 8, 10, 10... seconds,
  const MAX_RESENDS = 8; // about a minute in all, before it shows as not sent
  const CLOSE_UNAUTHORIZED = 4401;
  const CLOSE_ORIGIN = 4403;
  const MAX_CONTEXT_BYTES = 6000; // the server refuses a context over 8 KiB
  const HANDED_OFF = ['queued', 'agent'];

  function findOwnScript() {
    const scripts = document.querySelectorAll('script[src]');
    return [...scripts].reverse().find((s) => /\/widget\.js([?#]|$)/.test(s.src)) || null;
  }

  // ------------------------------------------------------------------------------------------------ texts (FR, EN)

  const TEXTS = {
    fr: {
      title: 'Assistance',
      dialog: 'Discussion avec le service client',
      open: 'Ouvrir la discussion',
      openUnread: (n) => `Ouvrir la discussion (${n} nouveau${n > 1 ? 'x' : ''} message${n > 1 ? 's' : ''})`,
      minimize: 'Réduire la discussion',
      menu: "Plus d'options",
      download: 'Télécharger la conversation',
      end: 'Terminer la conversation',
      erase: 'Terminer et effacer',
      privacyPolicy: 'Politique de confidentialité',
      statusConnecting: 'Connexion…',
      statusBot: 'Assistant virtuel',
      statusWaiting: "En attente d'un conseiller",
      statusPosition: (n) => `position ${n}`,
      statusWait: (m) => `~${m} min`,
      statusAgent: (name) => (name ? `${name} vous répond` : 'Un conseiller vous répond'),
      statusClosed: 'Conversation terminée',
      offline: 'Connexion perdue. Vos messages partiront dès son retour.',
      reconnecting: 'Reconnexion…',
      originRefused: "Ce site n'est pas autorisé à utiliser ce service de discussion.",
      greeting: 'Bonjour ! Posez votre question, je réponds à partir de notre centre d’aide. ' +
        'Un conseiller peut prendre le relais à tout moment.',
      privacy: (days) => (days > 0
        ? `Nous conservons vos messages et l'adresse de la page pendant ${days} jours pour traiter votre demande.`
        : "Nous conservons vos messages et l'adresse de la page pour traiter votre demande."),
      privacyErase: 'Vous pouvez tout effacer depuis le menu.',
      messageLabel: 'Votre message',
      placeholder: 'Écrivez votre message…',
      send: 'Envoyer',
      human: 'Parler à un conseiller',
      humanText: 'Je voudrais parler à un conseiller',
      said: (who) => `${who} :`,
      you: 'Vous',
      bot: 'Assistant',
      agent: 'Conseiller',
      system: 'Information',
      pending: 'Envoi en attente',
      failed: 'Non envoyé',
      readMore: "Lire l'article complet",
      newTab: '(nouvel onglet)',
      typing: 'En train d’écrire…',
      messages: 'Messages',
      ended: 'Cette conversation est terminée.',
      newConversation: 'Nouvelle conversation',
      closedRefused: 'Message non envoyé : la conversation est terminée.',
      erased: 'Votre conversation a été effacée.',
      erasedElsewhere: 'Cette conversation a été effacée.',
      eraseTitle: 'Terminer et effacer la conversation ?',
      eraseText: 'Vos messages seront supprimés définitivement de nos serveurs et de ce navigateur.',
      eraseConfirm: 'Effacer',
      cancel: 'Annuler',
      eraseFailed: "L'effacement a échoué. Vérifiez votre connexion et réessayez.",
      csatQuestion: 'Êtes-vous satisfait de cette conversation ?',
      csatLow: 'Pas du tout',
      csatHigh: 'Très satisfait',
      cesQuestion: "Était-il facile d'obtenir de l'aide ?",
      cesLow: 'Très difficile',
      cesHigh: 'Très facile',
      rate: (n, max) => `${n} sur ${max}`,
      skip: 'Passer',
      thanks: 'Merci pour votre avis !',
      transcriptTitle: 'Conversation avec le service client',
      transcriptFile: 'conversation',
    },
    en: {
      title: 'Help',
      dialog: 'Chat with customer service',
      open: 'Open the chat',
      openUnread: (n) => `Open the chat (${n} new message${n > 1 ? 's' : ''})`,
      minimize: 'Minimise the chat',
      menu: 'More options',
      download: 'Download the conversation',
      end: 'End the conversation',
      erase: 'End and erase',
      privacyPolicy: 'Privacy policy',
      statusConnecting: 'Connecting…',
      statusBot: 'Virtual assistant',
      statusWaiting: 'Waiting for a person',
      statusPosition: (n) => `position ${n}`,
      statusWait: (m) => `~${m} min`,
      statusAgent: (name) => (name ? `${name} is answering you` : 'A person is answering you'),
      statusClosed: 'Conversation ended',
      offline: 'Connection lost. Your messages will be sent as soon as it is back.',
      reconnecting: 'Reconnecting…',
      originRefused: 'This site is not allowed to use this chat service.',
      greeting: 'Hello! Ask your question and I will answer from our help centre. ' +
        'A person can take over at any time.',
      privacy: (days) => (days > 0
        ? `We keep your messages and the page address for ${days} days to handle your request.`
        : 'We keep your messages and the page address to handle your request.'),
      privacyErase: 'You can erase everything from the menu.',
      messageLabel: 'Your message',
      placeholder: 'Type your message…',
      send: 'Send',
      human: 'Talk to a person',
      humanText: "I'd like to talk to a person",
      said: (who) => `${who}:`,
      you: 'You',
      bot: 'Assistant',
      agent: 'Agent',
      system: 'Notice',
      pending: 'Waiting to be sent',
      failed: 'Not sent',
      readMore: 'Read the full article',
      newTab: '(new tab)',
      typing: 'Typing…',
      messages: 'Messages',
      ended: 'This conversation has ended.',
      newConversation: 'New conversation',
      closedRefused: 'Message not sent: the conversation has ended.',
      erased: 'Your conversation has been erased.',
      erasedElsewhere: 'This conversation has been erased.',
      eraseTitle: 'End and erase the conversation?',
      eraseText: 'Your messages will be deleted for good from our servers and from this browser.',
      eraseConfirm: 'Erase',
      cancel: 'Cancel',
      eraseFailed: 'Erasing failed. Check your connection and try again.',
      csatQuestion: 'How satisfied are you with this conversation?',
      csatLow: 'Not at all',
      csatHigh: 'Very satisfied',
      cesQuestion: 'How easy was it to get help?',
      cesLow: 'Very hard',
      cesHigh: 'Very easy',
      rate: (n, max) => `${n} out of ${max}`,
      skip: 'Skip',
      thanks: 'Thank you for your feedback!',
      transcriptTitle: 'Conversation with customer service',
      transcriptFile: 'conversation',
    },
  };

  // ------------------------------------------------------------------------------------------------ configuration

  function pickLanguage(asked) {
    for (const candidate of [asked, navigator.language]) {
      const code = String(candidate || '').slice(0, 2).toLowerCase();
      if (TEXTS[code]) return code;
    }
    return 'fr';
  }

  function parseJsonObject(text) {
    if (!text) return {};
    try {
      const value = JSON.parse(text);
      return isPlainObject(value) ? value : {};
    } catch {
      console.warn('Relais: data-context is not valid JSON; ignored');
      return {};
    }
  }

  function isPlainObject(value) {
    return value !== null && typeof value === 'object' && !Array.isArray(value);
  }

  function readConfig(script) {
    const data = script.dataset;
    return {
      language: pickLanguage(data.language),
      title: (data.title || '').slice(0, 60),
      position: data.position === 'left' ? 'left' : 'right',
      privacyUrl: safeUrl(data.privacyUrl || ''),
      context: parseJsonObject(data.context),
    };
  }

  // ------------------------------------------------------------------------------------------------ storage

  /** localStorage, or nothing when the browser refuses it (the conversation then lasts as long as the page). */
  const store = {
    read() {
      try {
        const record = JSON.parse(localStorage.getItem(STORE_KEY) || 'null');
        return isPlainObject(record) && typeof record.conversation_id === 'string' ? record : null;
      } catch {
        return null;
      }
    },
    write(record) {
      try {
        localStorage.setItem(STORE_KEY, JSON.stringify(record));
      } catch { /* storage disabled or full */ }
    },
    clear() {
      try {
        localStorage.removeItem(STORE_KEY);
      } catch { /* storage disabled */ }
    },
  };

  // ------------------------------------------------------------------------------------------------ DOM helpers

  /** An element with attributes, listeners (`onclick`...) and children; strings become text nodes, never HTML. */
  function h(tag, props, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value == null || value === false) continue;
      if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
      else if (key === 'class') el.className = value;
      else el.setAttribute(key, value === true ? '' : String(value));
    }
    el.append(...children.flat(Infinity).filter((child) => child != null && child !== false));
    return el;
  }

  const SVG_NS = 'http://www.w3.org/2000/svg';
  const CHOICE_ICONS = { handoff: 'person', close: 'end' };
  const ICONS = {
    chat: 'M4 4.5h16a1.5 1.5 0 0 1 1.5 1.5v10a1.5 1.5 0 0 1-1.5 1.5H10l-5.5 4v-4H4A1.5 1.5 0 0 1 2.5 16V6A1.5 1.5 0 0 1 4 4.5zM8 11h.01M12 11h.01M16 11h.01',
    close: 'M6 6l12 12M18 6L6 18',
    chevron: 'M6 9l6 6 6-6',
    send: 'M4 12l16-8-6 16-2.5-6.5L4 12zM11.5 13.5L20 4',
    more: 'M12 5.5h.01M12 12h.01M12 18.5h.01',
    person: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4.5 20.5a7.5 7.5 0 0 1 15 0',
    spark: 'M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM18.5 15.5l.7 1.8 1.8.7-1.8.7-.7 1.8-.7-1.8-1.8-.7 1.8-.7z',
    download: 'M12 4v11M7 10.5l5 5 5-5M5 20h14',
    end: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM9 9l6 6M15 9l-6 6',
    trash: 'M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3',
    info: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 11v5M12 7.5h.01',
    external: 'M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 0 1-1 1H5a1 1 0 0 1-1-1V7a1 1 0 0 1 1-1h5',
    offline: 'M3 3l18 18M8.5 16.5a5 5 0 0 1 7 0M5 12.5a10 10 0 0 1 5-2.7M19 12.5a10 10 0 0 0-2.6-1.9M2 8.8a15 15 0 0 1 4.4-2.7M12 20h.01',
    clock: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM12 7v5l3 2',
    shield: 'M12 3l7.5 3v5.5c0 4.3-3.2 8.2-7.5 9.5-4.3-1.3-7.5-5.2-7.5-9.5V6z',
    plus: 'M12 5v14M5 12h14',
    alert: 'M12 9v4M12 16.5h.01M10.3 4.2L2.6 18a2 2 0 0 0 1.7 3h15.4a2 2 0 0 0 1.7-3L13.7 4.2a2 2 0 0 0-3.4 0z',
  };

  function icon(name, size = 20) {
    const svg = document.createElementNS(SVG_NS, 'svg');
    for (const [key, value] of Object.entries({
      viewBox: '0 0 24 24', width: size, height: size, fill: 'none', stroke: 'currentColor', 'stroke-width': 2,
      'stroke-linecap': 'round', 'stroke-linejoin': 'round', 'aria-hidden': 'true', focusable: 'false',
    })) svg.setAttribute(key, String(value));
    const path = document.createElementNS(SVG_NS, 'path');
    path.setAttribute('d', ICONS[name]);
    svg.append(path);
    return svg;
  }

  function visuallyHidden(text) {
    return h('span', { class: 'sr-only' }, text);
  }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID(); // secure contexts only
    const bytes = crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }

  function initials(name) {
    const letters = String(name || '').trim().split(/\s+/).slice(0, 2).map((word) => word[0] || '');
    return letters.join('').toUpperCase();
  }

  // ------------------------------------------------------------------------------------------------ safe Markdown

  /** An absolute http(s) or mailto URL, normalised; null for anything else (javascript:, data:, relative...). */
  function safeUrl(raw) {
    const text = String(raw || '').trim();
    if (!/^(https?:\/\/|mailto:)/i.test(text)) return null;
    try {
      const url = new URL(text);
      return ['http:', 'https:', 'mailto:'].includes(url.protocol) ? url.href : null;
    } catch {
      return null;
    }
  }

  function externalLink(href, children, t) {
    return h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, children, visuallyHidden(` ${t.newTab}`));
  }

  /**
   * Markdown as DOM nodes: paragraphs, line breaks, bullet and numbered lists, **bold**, *italics*, `code` and
   * links to http(s)/mailto. Text only ever becomes text nodes: there is no HTML to escape or to sanitise.
   */
  function renderMarkdown(source, t) {
    const fragment = document.createDocumentFragment();
    const lines = String(source || '').replace(/\r\n?/g, '\n').split('\n');
    let paragraph = [];
    let list = null;
    const flush = () => {
      if (paragraph.length) fragment.append(h('p', null, inlineLines(paragraph, t)));
      paragraph = [];
    };
    for (const line of lines) {
      const item = /^\s{0,3}(?:([-*+])|(\d{1,9})[.)])\s+(.*)$/.exec(line);
      const heading = /^\s{0,3}#{1,6}\s+(.*)$/.exec(line);
      if (!line.trim()) {
        flush();
        list = null;
      } else if (item) {
        flush();
        const tag = item[1] ? 'ul' : 'ol';
        if (!list || list.localName !== tag) {
          list = h(tag);
          fragment.append(list);
        }
        list.append(h('li', null, inline(item[3], t)));
      } else if (heading) {
        flush();
        list = null;
        fragment.append(h('p', null, h('strong', null, inline(heading[1], t))));
      } else if (list && /^\s{2,}\S/.test(line)) {
        list.lastElementChild.append(' ', ...inline(line.trim(), t));
      } else {
        list = null;
        paragraph.push(line);
      }
    }
    flush();
    return fragment;
  }

  function inlineLines(lines, t) {
    const nodes = [];
    lines.forEach((line, i) => {
      if (i) nodes.push(h('br'));
      nodes.push(...inline(line.trim(), t));
    });
    return nodes;
  }

  const ESCAPABLE = '\\`*_[]()#+-.!<>~|{}';

  /** Inline Markdown of one line as nodes; `inLink` stops links from nesting inside a link's text. */
  function inline(text, t, inLink = false, depth = 0) {
    const nodes = [];
    let plain = '';
    const emit = (node) => {
      if (plain) nodes.push(document.createTextNode(plain));
      plain = '';
      nodes.push(node);
    };
    let i = 0;
    while (i < text.length) {
      const token = depth < 8 ? readToken(text, i, t, inLink, depth) : null;
      if (token) {
        if (token.node) emit(token.node);
        else plain += token.text;
        i = token.end;
      } else {
        plain += text[i];
        i += 1;
      }
    }
    if (plain) nodes.push(document.createTextNode(plain));
    return nodes;
  }

  function readToken(text, i, t, inLink, depth) {
    const c = text[i];
    if (c === '\\' && ESCAPABLE.includes(text[i + 1] || '')) return { text: text[i + 1], end: i + 2 };
    if (c === '`') return readCode(text, i);
    if (c === '[' && !inLink) return readLink(text, i, t, depth);
    if (c === '<' && !inLink) return readAngleLink(text, i, t);
    if ((c === '*' || c === '_') && text.startsWith(c.repeat(3), i)) {
      const both = readEmphasis(text, i, c.repeat(3), 'em', t, inLink, depth);
      if (both) return { node: h('strong', null, both.node), end: both.end };
    }
    if ((c === '*' || c === '_') && text[i + 1] === c) return readEmphasis(text, i, c + c, 'strong', t, inLink, depth);
    if (c === '*' || c === '_') return readEmphasis(text, i, c, 'em', t, inLink, depth);
    if (c === 'h' && !inLink && !/\w/.test(text[i - 1] || '') && /^https?:\/\//i.test(text.slice(i, i + 8))) {
      return readBareLink(text, i, t);
    }
    return null;
  }

  function readCode(text, i) {
    const ticks = /^`+/.exec(text.slice(i))[0];
    const close = text.indexOf(ticks, i + ticks.length);
    if (close < 0) return { text: ticks, end: i + ticks.length };
    return { node: h('code', null, text.slice(i + ticks.length, close)), end: close + ticks.length };
  }

  /** Index of the bracket closing the one at `i` (nesting and backslash escapes respected), or -1. */
  function closing(text, i, open, close) {
    let level = 0;
    for (let j = i; j < text.length; j += 1) {
      if (text[j] === '\\') j += 1;
      else if (text[j] === open) level += 1;
      else if (text[j] === close && (level -= 1) === 0) return j;
    }
    return -1;
  }

  function readLink(text, i, t, depth) {
    const labelEnd = closing(text, i, '[', ']');
    if (labelEnd < 0 || text[labelEnd + 1] !== '(') return null;
    const targetEnd = closing(text, labelEnd + 1, '(', ')');
    if (targetEnd < 0) return null;
    const target = text.slice(labelEnd + 2, targetEnd).trim().replace(/\s+"[^"]*"$/, '').replace(/^<(.*)>$/, '$1');
    const label = inline(text.slice(i + 1, labelEnd), t, true, depth + 1);
    const href = safeUrl(target);
    // An unsafe target keeps its label as plain text: the reader still sees what was written.
    const node = href ? externalLink(href, label, t) : h('span', null, label);
    return { node, end: targetEnd + 1 };
  }

  function readAngleLink(text, i, t) {
    const match = /^<((?:https?:\/\/|mailto:)[^\s<>]+)>/i.exec(text.slice(i));
    const href = match && safeUrl(match[1]);
    return href ? { node: externalLink(href, match[1], t), end: i + match[0].length } : null;
  }

  function readBareLink(text, i, t) {
    const match = /^https?:\/\/[^\s<>"'`]+/i.exec(text.slice(i));
    if (!match) return null;
    const raw = match[0].replace(/[.,;:!?)\]*_]+$/, '');
    const href = safeUrl(raw);
    return href ? { node: externalLink(href, raw, t), end: i + raw.length } : null;
  }

  function readEmphasis(text, i, marker, tag, t, inLink, depth) {
    const start = i + marker.length;
    if (!text[start] || /\s/.test(text[start])) return null;
    // Underscores inside words (snake_case) are not emphasis.
    if (marker[0] === '_' && i > 0 && /\w/.test(text[i - 1])) return null;
    let close = text.indexOf(marker, start + 1);
    while (close > 0 && (/\s/.test(text[close - 1]) || (marker === '*' && text[close + 1] === '*'))) {
      close = text.indexOf(marker, close + (marker === '*' && text[close + 1] === '*' ? 2 : 1));
    }
    if (close < 0 || (marker[0] === '_' && /\w/.test(text[close + marker.length] || ''))) return null;
    const children = inline(text.slice(start, close), t, inLink, depth + 1);
    return { node: h(tag, null, children), end: close + marker.length };
  }

  // ------------------------------------------------------------------------------------------------ styles

  const CSS = `
:host { all: initial !important; display: block !important; position: static !important; width: 0 !important;
  height: 0 !important; overflow: visible !important; visibility: visible !important; opacity: 1 !important;
  contain: none !important; transform: none !important; filter: none !important; }
.root { --relais-accent: #3a47d5; --relais-accent-strong: #2b36a8; --relais-accent-soft: #eef0fd;
  --relais-text: #161a2b; --relais-muted: #5a6072; --relais-surface: #f3f4f9; --relais-border: #e1e4ee;
  --relais-field: #8a90a2; --relais-agent: #0f7b5c; --relais-agent-soft: #e6f4ee; --relais-danger: #b42318;
  --relais-gap: 20px;
  font: 400 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans",
    "Liberation Sans", sans-serif;
  color: var(--relais-text); text-align: left; -webkit-font-smoothing: antialiased; letter-spacing: normal;
  word-spacing: normal; text-transform: none; white-space: normal; }
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
button, textarea, a { font: inherit; color: inherit; }
button { cursor: pointer; border: 0; background: none; margin: 0; padding: 0; }
svg { display: block; flex: none; }
.sr-only { position: absolute !important; width: 1px; height: 1px; margin: -1px; padding: 0; overflow: hidden;
  clip: rect(0 0 0 0); white-space: nowrap; border: 0; }
:focus { outline: none; }
:focus-visible { outline: 3px solid var(--relais-accent); outline-offset: 2px; }

.launcher { position: fixed; z-index: 2147483000; right: calc(var(--relais-gap) + env(safe-area-inset-right));
  bottom: calc(var(--relais-gap) + env(safe-area-inset-bottom)); width: 60px; height: 60px; border-radius: 50%;
  display: grid; place-items: center; background: var(--relais-accent); color: #fff;
  box-shadow: 0 10px 28px rgba(22, 26, 43, .28), 0 2px 6px rgba(22, 26, 43, .16);
  transition: transform .18s ease, background-color .18s ease; }
.launcher:hover { background: var(--relais-accent-strong); transform: translateY(-2px); }
.launcher:focus-visible { outline-color: var(--relais-accent-strong); outline-offset: 3px; }
.left .launcher { right: auto; left: calc(var(--relais-gap) + env(safe-area-inset-left)); }
.badge { position: absolute; top: -3px; right: -3px; min-width: 22px; height: 22px; padding: 0 6px;
  border-radius: 11px; background: var(--relais-danger); color: #fff; font-size: 12px; font-weight: 700;
  line-height: 22px; text-align: center; box-shadow: 0 0 0 2px #fff; }

.panel { position: fixed; z-index: 2147483001; right: calc(var(--relais-gap) + env(safe-area-inset-right));
  bottom: calc(var(--relais-gap) + 76px + env(safe-area-inset-bottom)); width: 384px;
  height: min(660px, calc(100vh - 120px)); display: flex; flex-direction: column; overflow: hidden;
  background: #fff; border-radius: 18px; border: 1px solid rgba(22, 26, 43, .06);
  box-shadow: 0 24px 60px rgba(22, 26, 43, .22), 0 2px 8px rgba(22, 26, 43, .08);
  animation: relais-in .2s ease-out; transform-origin: bottom right; }
.left .panel { right: auto; left: calc(var(--relais-gap) + env(safe-area-inset-left)); transform-origin: bottom left; }
@keyframes relais-in { from { opacity: 0; transform: translateY(12px) scale(.98); } }

.header { display: flex; align-items: center; gap: 12px; padding: 14px 10px 14px 16px;
  background: var(--relais-accent); color: #fff; flex: none; }
.header .avatar { width: 40px; height: 40px; background: rgba(255, 255, 255, .16); color: #fff; }
.heading { flex: 1; min-width: 0; }
.title { margin: 0; font-size: 16px; font-weight: 650; line-height: 1.25; white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }
.status { margin: 2px 0 0; font-size: 13px; line-height: 1.3; color: #dfe3ff; display: flex; gap: 6px;
  align-items: baseline; }
.dot { width: 8px; height: 8px; border-radius: 50%; background: #6ee7a8; flex: none; transform: translateY(-1px); }
.dot.queued { background: #fcd34d; }
.dot.closed, .dot.connecting { background: #c7cbe0; }
.icon-button { width: 40px; height: 40px; border-radius: 12px; display: grid; place-items: center; flex: none;
  color: inherit; }
.icon-button:hover { background: rgba(255, 255, 255, .14); }
.header :focus-visible { outline-color: #fff; outline-offset: 0; }

.menu { position: absolute; top: 62px; right: 12px; z-index: 3; min-width: 240px; padding: 6px;
  background: #fff; border: 1px solid var(--relais-border); border-radius: 14px;
  box-shadow: 0 16px 40px rgba(22, 26, 43, .18); display: flex; flex-direction: column; }
.menu-item { display: flex; align-items: center; gap: 10px; width: 100%; padding: 10px 12px; border-radius: 10px;
  font-size: 14px; text-align: left; text-decoration: none; color: var(--relais-text); }
.menu-item:hover { background: var(--relais-surface); }
.menu-item.danger { color: var(--relais-danger); }

.banner { display: flex; align-items: center; gap: 8px; padding: 8px 16px; font-size: 13px; flex: none;
  background: #fff4d6; color: #5c4300; border-bottom: 1px solid #f3dfa2; }

.log { flex: 1; min-height: 0; overflow-y: auto; overscroll-behavior: contain; padding: 16px 14px 8px;
  display: flex; flex-direction: column; gap: 2px; }
.log:focus-visible { outline-offset: -3px; }
.intro { margin: 0 0 12px; padding: 14px; border-radius: 14px; background: var(--relais-accent-soft);
  font-size: 14px; }
.intro p { margin: 0; }
.privacy { display: flex; gap: 8px; margin-top: 10px !important; font-size: 12.5px; color: var(--relais-muted); }
.privacy svg { margin-top: 1px; color: var(--relais-accent-strong); }
.privacy a { color: var(--relais-accent-strong); }

.msg { display: flex; align-items: flex-end; gap: 8px; margin-top: 10px; max-width: 100%; }
.msg.continued { margin-top: 3px; }
.msg.continued .avatar { visibility: hidden; }
.msg.visitor { flex-direction: row-reverse; }
.avatar { width: 30px; height: 30px; border-radius: 50%; display: grid; place-items: center; flex: none;
  font-size: 12px; font-weight: 700; background: var(--relais-accent-soft); color: var(--relais-accent-strong); }
.visitor .avatar { background: #e7e9f0; color: #3d4357; }
.agent .avatar { background: var(--relais-agent); color: #fff; }
.body { display: flex; flex-direction: column; min-width: 0; max-width: min(80%, 290px); }
.visitor .body { align-items: flex-end; }
.bubble { padding: 9px 13px; border-radius: 16px; background: var(--relais-surface); overflow-wrap: anywhere;
  border-bottom-left-radius: 5px; }
.visitor .bubble { background: var(--relais-accent); color: #fff; border-radius: 16px;
  border-bottom-right-radius: 5px; white-space: pre-wrap; }
.agent .bubble { background: var(--relais-agent-soft); }
.bubble p { margin: 0 0 8px; }
.bubble p:last-child, .bubble ul:last-child, .bubble ol:last-child { margin-bottom: 0; }
.bubble ul, .bubble ol { margin: 4px 0 8px; padding-left: 20px; }
.bubble li { margin: 2px 0; }
.bubble code { font: 13px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace;
  background: rgba(22, 26, 43, .07); padding: 1px 5px; border-radius: 5px; }
.bubble a { color: var(--relais-accent-strong); text-decoration: underline; text-underline-offset: 2px; }
.visitor .bubble a { color: #fff; }
.bubble .article-link { display: flex; align-items: center; gap: 6px; margin: 10px -13px -9px; padding: 9px 13px;
  border-top: 1px solid var(--relais-border); font-size: 14px; font-weight: 600; text-decoration: none;
  color: var(--relais-accent-strong); border-radius: 0 0 16px 5px; }
.bubble .article-link:hover { text-decoration: underline; background: rgba(58, 71, 213, .06); }
.meta { font-size: 12px; color: var(--relais-muted); margin: 4px 4px 0; display: flex; gap: 4px;
  align-items: center; }
.pending .bubble { opacity: .75; }
.failed .bubble { background: #fde8e6; color: var(--relais-text); }
.failed .meta { color: var(--relais-danger); }
.msg.system { justify-content: center; }
.system .body { max-width: 92%; align-items: center; }
.system .bubble { background: none; padding: 4px 8px; font-size: 13px; color: var(--relais-muted);
  text-align: center; display: flex; gap: 6px; align-items: flex-start; }
.system .avatar { display: none; }

.choices { display: flex; flex-wrap: wrap; gap: 8px; margin: 10px 0 2px 38px; }
.chip { display: inline-flex; align-items: center; gap: 6px; padding: 7px 14px; border-radius: 999px;
  border: 1.5px solid var(--relais-accent); color: var(--relais-accent-strong); background: #fff;
  font-size: 14px; font-weight: 550; line-height: 1.3; text-align: left; }
.chip:hover { background: var(--relais-accent-soft); }

.typing { display: flex; align-items: center; gap: 8px; padding: 2px 14px 8px; flex: none; }
.dots { display: inline-flex; gap: 4px; padding: 12px 14px; border-radius: 16px; background: var(--relais-surface);
  border-bottom-left-radius: 5px; }
.dots i { width: 7px; height: 7px; border-radius: 50%; background: #6b7186; animation: relais-dot 1.2s infinite; }
.dots i:nth-child(2) { animation-delay: .15s; }
.dots i:nth-child(3) { animation-delay: .3s; }
@keyframes relais-dot { 0%, 60%, 100% { transform: translateY(0); opacity: .5; }
  30% { transform: translateY(-4px); opacity: 1; } }

.card { margin: 14px 0 6px; padding: 16px; border: 1px solid var(--relais-border); border-radius: 14px;
  background: #fff; box-shadow: 0 2px 10px rgba(22, 26, 43, .05); }
.card h3 { margin: 0 0 12px; font-size: 15px; font-weight: 650; }
.scale { display: flex; gap: 6px; }
.scale button { flex: 1; min-width: 0; height: 40px; border-radius: 10px; border: 1.5px solid var(--relais-field);
  font-weight: 650; color: var(--relais-text); background: #fff; }
.scale button:hover { border-color: var(--relais-accent); background: var(--relais-accent-soft); }
.scale-labels { display: flex; justify-content: space-between; gap: 12px; margin-top: 6px; font-size: 12px;
  color: var(--relais-muted); }
.link-button { margin-top: 10px; font-size: 13px; color: var(--relais-accent-strong); text-decoration: underline;
  text-underline-offset: 2px; }
.thanks { display: flex; align-items: center; gap: 8px; font-weight: 600; }

.footer { flex: none; padding: 8px 12px calc(12px + env(safe-area-inset-bottom));
  border-top: 1px solid var(--relais-border);
  background: #fff; }
.actions { display: flex; gap: 8px; margin-top: 8px; }
.human { display: inline-flex; align-items: center; gap: 6px; padding: 6px 12px 6px 10px; border-radius: 999px;
  background: var(--relais-accent-soft); color: var(--relais-accent-strong); font-size: 13px; font-weight: 600; }
.human:hover { background: #e0e4fb; }
.composer { display: flex; align-items: flex-end; gap: 8px; }
.composer textarea { flex: 1; min-width: 0; min-height: 44px; max-height: 132px; margin: 0; padding: 11px 14px;
  resize: none; overflow-y: auto; border: 1.5px solid var(--relais-field); border-radius: 14px; background: #fff;
  color: var(--relais-text); font-size: 15px; line-height: 1.4; display: block; }
.composer textarea::placeholder { color: var(--relais-muted); opacity: 1; }
.composer textarea:focus-visible { outline: 3px solid rgba(58, 71, 213, .35); outline-offset: 0;
  border-color: var(--relais-accent); }
.send { width: 44px; height: 44px; border-radius: 50%; display: grid; place-items: center; flex: none;
  background: var(--relais-accent); color: #fff; }
.send:hover { background: var(--relais-accent-strong); }
.ended { display: flex; align-items: center; justify-content: space-between; gap: 10px; flex-wrap: wrap;
  font-size: 14px; color: var(--relais-muted); }
.primary { display: inline-flex; align-items: center; gap: 6px; padding: 10px 16px; border-radius: 12px;
  background: var(--relais-accent); color: #fff; font-weight: 600; font-size: 14px; }
.primary:hover { background: var(--relais-accent-strong); }
.secondary { padding: 10px 16px; border-radius: 12px; border: 1.5px solid var(--relais-field); font-weight: 600;
  font-size: 14px; background: #fff; }
.danger-button { padding: 10px 16px; border-radius: 12px; background: var(--relais-danger); color: #fff;
  font-weight: 600; font-size: 14px; }

.confirm { position: absolute; inset: 0; z-index: 4; display: grid; place-items: center; padding: 20px;
  background: rgba(22, 26, 43, .5); }
.confirm-card { background: #fff; border-radius: 16px; padding: 20px; max-width: 320px;
  box-shadow: 0 20px 50px rgba(22, 26, 43, .3); }
.confirm-card h3 { margin: 0 0 8px; font-size: 16px; }
.confirm-card p { margin: 0 0 16px; font-size: 14px; color: var(--relais-muted); }
.confirm-actions { display: flex; gap: 8px; justify-content: flex-end; flex-wrap: wrap; }
.notice { margin: 10px auto; padding: 8px 12px; border-radius: 10px; font-size: 13px; text-align: center;
  background: var(--relais-surface); color: var(--relais-muted); }

@media (max-width: 480px), (max-height: 560px) {
  .panel { top: var(--relais-vv-top, 0px); left: 0; right: 0; bottom: auto; width: 100%; max-width: none;
    height: var(--relais-vv-height, 100%); border-radius: 0; border: 0; }
  .left .panel { left: 0; }
  .open .launcher { display: none; }
  .header { padding-top: calc(12px + env(safe-area-inset-top)); padding-left: calc(14px + env(safe-area-inset-left));
    padding-right: calc(8px + env(safe-area-inset-right)); }
  .launcher { --relais-gap: 16px; }
}
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation: none !important; transition: none !important; scroll-behavior: auto !important; }
}
@media (forced-colors: active) {
  .bubble, .chip, .launcher, .send, .primary, .card, .menu { border: 1px solid CanvasText; }
}
`;

  // ------------------------------------------------------------------------------------------------ the socket

  /** One WebSocket at a time, reconnected with exponential backoff and jitter; frames are JSON objects. */
  class Connection {
    constructor(url, handlers) {
      this.url = url;
      this.handlers = handlers; // onOpen(), onFrame(frame), onDown(code)
      this.ws = null;
      this.timer = null;
      this.attempts = 0;
      this.lastFrameAt = 0;
      this.watchdog = null;
    }

    get ready() {
      return Boolean(this.ws && this.ws.readyState === WebSocket.OPEN);
    }

    get active() {
      return Boolean(this.ws || this.timer);
    }

    connect() {
      clearTimeout(this.timer);
      this.timer = null;
      if (this.ws) return;
      let ws;
      try {
        ws = new WebSocket(this.url);
      } catch {
        this.handlers.onDown(1006);
        return;
      }
      this.ws = ws;
      ws.addEventListener('open', () => {
        this.lastFrameAt = Date.now();
        this.startWatchdog();
        this.handlers.onOpen();
      });
      ws.addEventListener('message', (event) => this.receive(event.data));
      ws.addEventListener('close', (event) => {
        if (this.ws !== ws) return; // dropped on purpose
        this.ws = null;
        this.stopWatchdog();
        this.handlers.onDown(event.code);
      });
    }

    receive(data) {
      this.lastFrameAt = Date.now();
      let frame;
      try {
        frame = JSON.parse(data);
      } catch {
        return;
      }
      if (isPlainObject(frame) && typeof frame.type === 'string') this.handlers.onFrame(frame);
    }

    send(frame) {
      if (!this.ready) return false;
      this.ws.send(JSON.stringify(frame));
      return true;
    }

    /** Closes the socket without reporting it; nothing reconnects until connect() or retry(). */
    drop() {
      clearTimeout(this.timer);
      this.timer = null;
      this.stopWatchdog();
      const ws = this.ws;
      this.ws = null;
      if (ws) ws.close(1000);
    }

    /** Schedules the next attempt: 0.5-1 s, then 1-2 s, 2-4 s... up to 15-30 s. */
    retry() {
      if (this.ws || this.timer) return;
      const ceiling = Math.min(RETRY_MAX_MS, 1000 * 2 ** this.attempts);
      this.attempts += 1;
      const delay = ceiling / 2 + Math.random() * (ceiling / 2);
      this.timer = setTimeout(() => this.connect(), delay);
    }

    succeeded() {
      this.attempts = 0;
    }

    startWatchdog() {
      this.stopWatchdog();
      this.watchdog = setInterval(() => {
        if (this.ws && Date.now() - this.lastFrameAt > WATCHDOG_MS) {
          const ws = this.ws;
          this.ws = null;
          this.stopWatchdog();
          ws.close(4000);
          this.handlers.onDown(1006);
        }
      }, 10000);
    }

    stopWatchdog() {
      clearInterval(this.watchdog);
      this.watchdog = null;
    }
  }

  // ------------------------------------------------------------------------------------------------ the widget

  class Widget {
    constructor(config) {
      this.config = config;
      this.t = TEXTS[config.language];
      this.context = { ...config.context };
      this.record = store.read(); // what an earlier page stored; nothing is written before the chat is opened
      this.conversation = null; // {id, token} once welcomed
      this.state = 'bot';
      this.handoff = null;
      this.phase = 'idle'; // idle | connecting | ready | offline | refused
      this.retentionDays = null;
      this.privacyUrl = config.privacyUrl;
      this.history = new Map(); // seq -> message, for the transcript
      this.rendered = new Map(); // seq -> element
      this.pending = new Map(); // client_id -> {client_id, text, payload, el}: sent, not acknowledged yet
      this.outbox = []; // feedback frames waiting for the socket
      this.unsavedFeedback = 0; // feedback frames not yet confirmed by feedback_saved
      this.awaitingThanks = false;
      this.lastSeq = 0; // the highest seq shown on this page
      this.seen = (this.record && this.record.seen) || 0; // the highest seq announced by a relais:message
      this.surveyed = Boolean(this.record && this.record.surveyed);
      this.unread = 0;
      this.isOpen = false;
      this.typingTimer = null;
      this.lastTypingSent = 0;
      this.survey = null;
      this.omit = new Set(); // hello fields the server refused for a new conversation
      this.conn = new Connection(SOCKET_URL, {
        onOpen: () => this.hello(),
        onFrame: (frame) => this.onFrame(frame),
        onDown: (code) => this.onDown(code),
      });
      this.build();
      this.restorePending();
      this.listen();
      this.render();
    }

    // -------------------------------------------------------------------------------------------- building
    build() {
      const t = this.t;
      this.host = document.createElement('relais-widget');
      const shadow = this.host.attachShadow({ mode: 'open' });
      this.shadow = shadow;
      this.applyStyles(shadow);
      this.badge = h('span', { class: 'badge', 'aria-hidden': 'true', hidden: true });
      this.launcherIcon = h('span', null, icon('chat', 28));
      this.launcher = h('button', {
        class: 'launcher', type: 'button', 'aria-label': t.open, 'aria-expanded': 'false',
        'aria-controls': 'relais-panel', onclick: () => (this.isOpen ? this.close() : this.open()),
      }, this.launcherIcon, this.badge);
      this.statusDot = h('span', { class: 'dot', 'aria-hidden': 'true' });
      this.statusText = h('span', null, t.statusBot);
      this.menuButton = h('button', {
        class: 'icon-button', type: 'button', 'aria-label': t.menu, 'aria-expanded': 'false',
        'aria-controls': 'relais-menu', onclick: () => this.toggleMenu(),
      }, icon('more', 22));
      const header = h('div', { class: 'header' },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, icon('spark', 22)),
        h('div', { class: 'heading' },
          h('h2', { class: 'title', id: 'relais-title' }, this.config.title || t.title),
          h('p', { class: 'status', role: 'status' }, this.statusDot, this.statusText)),
        this.menuButton,
        h('button', {
          class: 'icon-button', type: 'button', 'aria-label': t.minimize, onclick: () => this.close(),
        }, icon('chevron', 24)));
      this.menu = this.buildMenu();
      this.banner = h('div', { class: 'banner', role: 'status', hidden: true });
      this.privacyText = h('span', null, t.privacy(0), ' ', t.privacyErase);
      this.privacyLink = h('span');
      this.intro = h('div', { class: 'intro' },
        h('p', null, t.greeting),
        h('p', { class: 'privacy' }, icon('shield', 16), h('span', null, this.privacyText, ' ', this.privacyLink)));
      this.log = h('div', {
        class: 'log', role: 'log', 'aria-live': 'polite', 'aria-label': t.messages, tabindex: '0',
      }, this.intro);
      this.typing = h('div', { class: 'typing', hidden: true },
        h('span', { class: 'avatar', 'aria-hidden': 'true' }, icon('spark', 16)),
        h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')),
        visuallyHidden(t.typing));
      this.footer = this.buildFooter();
      this.confirmBox = h('div', { class: 'confirm', hidden: true });
      this.panel = h('section', {
        class: 'panel', id: 'relais-panel', role: 'dialog', hidden: true,
        'aria-label': `${this.config.title || t.title} · ${t.dialog}`,
      }, header, this.menu, this.banner, this.log, this.typing, this.footer, this.confirmBox);
      this.root = h('div', {
        class: `root ${this.config.position}`, lang: this.config.language, dir: 'ltr',
        onkeydown: (event) => this.onKey(event),
      }, this.panel, this.launcher);
      shadow.append(this.root);
      this.followLog();
      this.updatePrivacy();
    }

    applyStyles(shadow) {
      // A constructed sheet also works on sites whose Content-Security-Policy forbids inline <style>.
      try {
        const sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
        shadow.adoptedStyleSheets = [sheet];
      } catch {
        shadow.append(h('style', null, CSS));
      }
    }

    buildMenu() {
      const t = this.t;
      const item = (name, label, action, extra = '') => h('button', {
        class: `menu-item ${extra}`, type: 'button', onclick: () => { this.toggleMenu(false); action(); },
      }, icon(name, 18), label);
      this.policyItem = h('a', {
        class: 'menu-item', target: '_blank', rel: 'noopener noreferrer', hidden: true,
      }, icon('shield', 18), t.privacyPolicy, visuallyHidden(` ${t.newTab}`));
      this.endItem = item('end', t.end, () => this.endConversation());
      return h('div', { class: 'menu', id: 'relais-menu', hidden: true },
        item('download', t.download, () => this.downloadTranscript()),
        this.endItem,
        item('trash', t.erase, () => this.askErase(), 'danger'),
        this.policyItem);
    }

    buildFooter() {
      const t = this.t;
      this.humanButton = h('button', { class: 'human', type: 'button', onclick: () => this.askForHuman() },
        icon('person', 16), t.human);
      this.input = h('textarea', {
        id: 'relais-input', rows: '1', placeholder: t.placeholder, maxlength: '4000', autocomplete: 'off',
        enterkeyhint: 'send', onkeydown: (event) => this.onInputKey(event), oninput: () => this.onInput(),
      });
      this.composer = h('form', {
        class: 'composer', onsubmit: (event) => { event.preventDefault(); this.submitInput(); },
      },
      h('label', { class: 'sr-only', for: 'relais-input' }, t.messageLabel),
      this.input,
      h('button', { class: 'send', type: 'submit', 'aria-label': t.send }, icon('send', 20)));
      this.endedBar = h('div', { class: 'ended', hidden: true },
        h('span', null, t.ended),
        h('button', { class: 'primary', type: 'button', onclick: () => this.newConversation() },
          icon('plus', 16), t.newConversation));
      this.actions = h('div', { class: 'actions' }, this.humanButton);
      return h('div', { class: 'footer' }, this.composer, this.endedBar, this.actions);
    }

    mount() {
      (document.body || document.documentElement).append(this.host);
      const record = this.record;
      if (record && (record.open || this.pending.size || HANDED_OFF.includes(record.state))) {
        // The visitor was chatting on the previous page, or is waiting for a person: carry on.
        this.connect();
        const wide = !window.matchMedia || window.matchMedia('(min-width: 481px)').matches;
        if (record.open && wide) this.open({ focus: false });
      }
    }

    listen() {
      window.addEventListener('online', () => {
        if (this.conn.active || this.phase === 'offline') {
          this.conn.drop();
          this.conn.succeeded();
          this.connect();
        }
      });
      window.addEventListener('offline', () => {
        if (this.phase === 'idle') return;
        this.conn.drop(); // Chrome keeps a dead socket open for a long while
        this.setPhase('offline');
        this.conn.retry();
      });
      window.addEventListener('storage', (event) => {
        if (event.key === STORE_KEY) this.onStorageChange();
      });
      if (window.visualViewport) {
        const resize = () => this.fitViewport();
        window.visualViewport.addEventListener('resize', resize);
        window.visualViewport.addEventListener('scroll', resize);
      }
    }

    // -------------------------------------------------------------------------------------------- open, close
    open({ focus = true } = {}) {
      const wasOpen = this.isOpen;
      this.isOpen = true;
      this.panel.hidden = false;
      this.root.classList.add('open');
      this.launcher.setAttribute('aria-expanded', 'true');
      this.launcher.setAttribute('aria-label', this.t.minimize);
      this.launcherIcon.replaceChildren(icon('close', 26));
      this.unread = 0;
      this.updateBadge();
      this.fitViewport();
      this.scrollToEnd(true);
      if (focus) this.focusComposer();
      if (!this.conn.active) this.connect();
      this.persist();
      if (!wasOpen) emit('relais:open', {});
    }

    close({ restoreFocus = true } = {}) {
      if (!this.isOpen) return;
      const hadFocus = Boolean(this.shadow.activeElement);
      this.isOpen = false;
      this.toggleMenu(false);
      this.panel.hidden = true;
      this.root.classList.remove('open');
      this.launcher.setAttribute('aria-expanded', 'false');
      this.launcherIcon.replaceChildren(icon('chat', 28));
      this.updateBadge();
      if (restoreFocus && hadFocus) this.launcher.focus();
      this.persist();
      emit('relais:close', {});
    }

    focusComposer() {
      const target = this.composer.hidden ? this.endedBar.querySelector('button') : this.input;
      target.focus({ preventScroll: true });
    }

    fitViewport() {
      const viewport = window.visualViewport;
      if (!viewport || !this.isOpen) return;
      // On phones the on-screen keyboard shrinks the visual viewport: the panel follows it, the composer stays visible.
      this.panel.style.setProperty('--relais-vv-height', `${Math.round(viewport.height)}px`);
      this.panel.style.setProperty('--relais-vv-top', `${Math.round(viewport.offsetTop)}px`);
    }

    updateBadge() {
      const count = this.isOpen ? 0 : this.unread;
      this.badge.hidden = count === 0;
      this.badge.textContent = count > 9 ? '9+' : String(count);
      if (!this.isOpen) this.launcher.setAttribute('aria-label', count ? this.t.openUnread(count) : this.t.open);
    }

    toggleMenu(show = this.menu.hidden) {
      this.menu.hidden = !show;
      this.menuButton.setAttribute('aria-expanded', String(show));
      if (show) this.menu.querySelector('.menu-item:not([hidden])').focus();
    }

    onKey(event) {
      if (event.key !== 'Escape' || !this.isOpen) return;
      event.stopPropagation();
      if (!this.confirmBox.hidden) {
        this.closeConfirm();
      } else if (!this.menu.hidden) {
        this.toggleMenu(false);
        this.menuButton.focus();
      } else {
        this.close();
        this.launcher.focus();
      }
    }

    // -------------------------------------------------------------------------------------------- connection
    connect() {
      if (this.phase === 'refused') return;
      if (this.phase === 'idle') this.setPhase('connecting');
      this.conn.connect();
    }

    hello() {
      const record = this.conversation || this.storedConversation();
      const frame = {
        type: 'hello',
        conversation_id: record ? record.id : null,
        visitor_token: record ? record.token : null,
        last_seq: record ? this.lastSeq : 0,
        language: this.config.language,
        context: this.pageContext(),
      };
      for (const field of this.omit) delete frame[field];
      this.conn.send(frame);
    }

    storedConversation() {
      const record = store.read() || this.record;
      return record ? { id: record.conversation_id, token: record.visitor_token } : null;
    }

    pageContext() {
      const page = { page_url: location.href.slice(0, 1000), page_title: document.title.slice(0, 200) };
      const context = { ...page, ...this.context };
      // Too large a context would cost the visitor the conversation: the page's own fields are enough.
      return new TextEncoder().encode(JSON.stringify(context)).length > MAX_CONTEXT_BYTES ? page : context;
    }

    onDown(code) {
      if (this.phase === 'idle') return;
      if (code === CLOSE_ORIGIN) {
        this.setPhase('refused');
        return;
      }
      this.setPhase('offline');
      // A refused token was forgotten when its error frame came: start the new conversation at once.
      if (code === CLOSE_UNAUTHORIZED) this.conn.connect();
      else if (this.shouldStayConnected()) this.conn.retry();
    }

    shouldStayConnected() {
      return this.isOpen || this.pending.size > 0 || HANDED_OFF.includes(this.state);
    }

    setPhase(phase) {
      this.phase = phase;
      const t = this.t;
      const showBanner = phase === 'offline' || phase === 'refused';
      this.banner.hidden = !showBanner;
      if (showBanner) {
        const text = phase === 'refused' ? t.originRefused : navigator.onLine === false ? t.offline : t.reconnecting;
        this.banner.replaceChildren(icon(phase === 'refused' ? 'alert' : 'offline', 16), h('span', null, text));
      }
      this.renderStatus();
    }

    // -------------------------------------------------------------------------------------------- server frames
    onFrame(frame) {
      const handler = {
        welcome: () => this.onWelcome(frame),
        message: () => this.onMessage(frame),
        ack: () => this.onAck(frame),
        state: () => this.setState(frame.state, frame.handoff),
        typing: () => this.showTyping(),
        error: () => this.onError(frame),
        erased: () => this.onErased(),
        feedback_saved: () => this.onFeedbackSaved(),
        ping: () => this.conn.send({ type: 'pong' }),
      }[frame.type];
      if (handler) handler();
    }

    onWelcome(frame) {
      if (this.conversation && this.conversation.id !== frame.conversation_id) this.clearLog();
      this.conversation = { id: frame.conversation_id, token: frame.visitor_token };
      if (Number.isInteger(frame.retention_days)) this.retentionDays = frame.retention_days;
      if (!this.config.privacyUrl && frame.privacy_url) this.privacyUrl = safeUrl(frame.privacy_url);
      this.updatePrivacy();
      this.conn.succeeded();
      this.setPhase('ready');
      this.setState(frame.state, frame.handoff);
      this.persist();
      for (const item of this.pending.values()) this.conn.send(messageFrame(item));
      for (const frameToSend of this.outbox.splice(0)) this.conn.send(frameToSend);
    }

    onMessage(message) {
      const seq = Number(message.seq);
      if (!Number.isInteger(seq) || this.rendered.has(seq)) return;
      const mine = message.client_id && this.pending.get(message.client_id);
      if (mine) {
        // Our own message, stored before the connection broke: the resend will be acknowledged with this seq.
        this.confirm(mine, seq, message);
        return;
      }
      const el = this.renderMessage(message);
      this.place(el, seq);
      this.remember(seq, message, el);
      if (message.sender !== 'visitor') this.hideTyping();
      this.refreshChoices();
      if (seq > this.seen) {
        this.seen = seq;
        if (!this.isOpen && message.sender !== 'visitor') {
          this.unread += 1;
          this.updateBadge();
        }
        emit('relais:message', publicMessage(message));
      }
      this.persist();
      this.scrollToEnd(message.sender === 'visitor');
    }

    onAck(frame) {
      // A resent message that was already answered: its replies came with the resume, none is on its way.
      if (frame.duplicate) this.hideTyping();
      const item = this.pending.get(frame.client_id);
      if (item) this.confirm(item, Number(frame.seq), null);
    }

    confirm(item, seq, stored) {
      this.pending.delete(item.client_id);
      const message = stored || {
        seq, sender: 'visitor', text: item.text, client_id: item.client_id, created_at: new Date().toISOString(),
        ...(item.payload ? { payload: item.payload } : {}),
      };
      const el = this.renderMessage(message);
      item.el.replaceWith(el);
      this.place(el, seq);
      this.remember(seq, message, el);
      if (seq > this.seen) {
        this.seen = seq;
        emit('relais:message', publicMessage(message));
      }
      this.persist();
    }

    remember(seq, message, el) {
      this.rendered.set(seq, el);
      this.history.set(seq, message);
      this.lastSeq = Math.max(this.lastSeq, seq);
    }

    onError(frame) {
      const item = frame.client_id && this.pending.get(frame.client_id);
      if (frame.code === 'unauthorized') {
        // The stored conversation is gone (erased, expired) or the token is wrong: start afresh.
        this.forget();
        this.clearLog();
        return;
      }
      if (frame.code === 'closed') {
        if (item) this.fail(item, this.t.ended);
        this.setState('closed', null);
        return;
      }
      if (!this.conversation && !item && ['language', 'context'].includes(frame.field) && !this.omit.has(frame.field)) {
        // A new conversation refused for the page's language or context: open it with the server's defaults.
        this.omit.add(frame.field);
        this.hello();
        return;
      }
      if (item && frame.code === 'engine_unavailable') {
        this.resendLater(item);
        return;
      }
      if (item && frame.code !== 'starting' && frame.code !== 'internal_error') this.fail(item);
    }

    /** Sends a message again a little later (nothing was stored: the server's engine was restarting). */
    resendLater(item) {
      item.resends = (item.resends || 0) + 1;
      if (item.resends > MAX_RESENDS) {
        this.fail(item);
        return;
      }
      setTimeout(() => {
        if (this.pending.get(item.client_id) === item && this.phase === 'ready') this.conn.send(messageFrame(item));
      }, Math.min(RESEND_MS * item.resends, RESEND_MAX_MS));
    }

    fail(item, reason = '') {
      this.pending.delete(item.client_id);
      item.el.classList.remove('pending');
      item.el.classList.add('failed');
      const meta = item.el.querySelector('.meta');
      meta.replaceChildren(icon('alert', 13), reason ? `${this.t.failed} · ${reason}` : this.t.failed);
      this.persist();
    }

    onErased() {
      const erasedId = this.conversation && this.conversation.id;
      this.conn.drop();
      const stored = store.read();
      if (stored && stored.conversation_id === erasedId) store.clear();
      this.resetConversation();
      this.showNotice(this.t.erasedElsewhere);
    }

    onStorageChange() {
      const stored = store.read();
      const current = this.conversation && this.conversation.id;
      if ((stored && stored.conversation_id) === current || (!stored && !current)) return;
      // Another tab erased this conversation or started a new one: follow it. (The server's `erased` frame may
      // never arrive here: this tab's socket is dropped first, so the notice is shown from here too.)
      const erased = !stored && current;
      this.conn.drop();
      this.resetConversation();
      this.record = stored;
      if (erased) this.showNotice(this.t.erasedElsewhere);
      if (stored && this.isOpen) this.connect();
    }

    // -------------------------------------------------------------------------------------------- state
    setState(state, handoff) {
      if (!['bot', 'queued', 'agent', 'closed'].includes(state)) return;
      const previous = this.state;
      this.state = state;
      this.handoff = isPlainObject(handoff) ? handoff : null;
      const closed = state === 'closed';
      this.composer.hidden = closed;
      this.actions.hidden = closed || HANDED_OFF.includes(state);
      this.endedBar.hidden = !closed;
      this.endItem.hidden = closed;
      if (closed && previous !== 'closed' && this.composer.contains(this.shadow.activeElement)) this.focusComposer();
      if (closed) this.showSurvey();
      this.renderStatus();
      this.persist();
    }

    renderStatus() {
      const t = this.t;
      let text = t.statusBot;
      let tone = this.state;
      if (this.phase === 'connecting' && !this.conversation) {
        text = t.statusConnecting;
        tone = 'connecting';
      } else if (this.state === 'queued') {
        text = this.waitingText();
      } else if (this.state === 'agent') {
        text = t.statusAgent(agentName(this.handoff));
      } else if (this.state === 'closed') {
        text = t.statusClosed;
      }
      this.statusText.textContent = text;
      this.statusDot.className = `dot ${tone}`;
    }

    waitingText() {
      const t = this.t;
      const handoff = this.handoff || {};
      const parts = [t.statusWaiting];
      if (Number.isInteger(handoff.queue_position) && handoff.queue_position > 0) {
        parts.push(t.statusPosition(handoff.queue_position));
      }
      // With no one available, the bot's message says so and offers to leave a message: the header stays short.
      if (handoff.agents_available !== false && Number(handoff.estimated_wait_seconds) > 0) {
        parts.push(t.statusWait(Math.max(1, Math.round(handoff.estimated_wait_seconds / 60))));
      }
      return parts.join(' · ');
    }

    updatePrivacy() {
      const t = this.t;
      this.privacyText.textContent = `${t.privacy(this.retentionDays || 0)} ${t.privacyErase}`;
      const link = this.privacyUrl && h('a', {
        href: this.privacyUrl, target: '_blank', rel: 'noopener noreferrer',
      }, t.privacyPolicy, visuallyHidden(` ${t.newTab}`));
      this.privacyLink.replaceChildren(link || '');
      this.policyItem.hidden = !this.privacyUrl;
      if (this.privacyUrl) this.policyItem.href = this.privacyUrl;
    }

    // -------------------------------------------------------------------------------------------- messages
    renderMessage(message) {
      const t = this.t;
      const sender = ['visitor', 'bot', 'agent', 'system'].includes(message.sender) ? message.sender : 'bot';
      const name = sender === 'agent' ? message.agent_name || agentName(this.handoff) : null;
      const who = { visitor: t.you, bot: t.bot, agent: name || t.agent, system: t.system }[sender];
      const url = sender === 'visitor' ? null : safeUrl(message.url || (message.data && message.data.url));
      const bubble = h('div', { class: 'bubble' });
      if (sender === 'visitor') bubble.append(String(message.text || ''));
      else bubble.append(renderMarkdown(url ? withoutTrailingLink(message.text, url) : message.text, t));
      if (sender === 'system') bubble.prepend(icon('info', 16));
      if (url) {
        bubble.append(h('a', { class: 'article-link', href: url, target: '_blank', rel: 'noopener noreferrer' },
          t.readMore, visuallyHidden(` ${t.newTab}`), icon('external', 14)));
      }
      const body = h('div', { class: 'body' }, visuallyHidden(t.said(who)), bubble,
        h('div', { class: 'meta' }, this.metaContent(message)));
      const el = h('div', { class: `msg ${sender}`, 'data-sender': sender }, this.avatar(sender, name), body);
      const choices = Array.isArray(message.choices) ? message.choices.filter(validChoice) : [];
      if (choices.length) el.choices = choices;
      return el;
    }

    metaContent(message) {
      if (message.pending) return [icon('clock', 13), this.t.pending];
      const when = message.created_at ? new Date(message.created_at) : null;
      if (!when || Number.isNaN(when.getTime())) return [];
      // Today's messages show the time; older ones (a conversation resumed days later) the date too.
      const today = when.toDateString() === new Date().toDateString();
      const options = today ? { hour: '2-digit', minute: '2-digit' } : { dateStyle: 'short', timeStyle: 'short' };
      const label = new Intl.DateTimeFormat(this.config.language, options).format(when);
      return [h('time', { datetime: when.toISOString() }, label)];
    }

    avatar(sender, name) {
      const content = {
        visitor: () => icon('person', 16),
        bot: () => icon('spark', 16),
        agent: () => initials(name) || icon('person', 16),
        system: () => icon('info', 16),
      }[sender]();
      return h('span', { class: 'avatar', 'aria-hidden': 'true' }, content);
    }

    /** Puts a message element in seq order, before any message still waiting for its seq. */
    place(el, seq) {
      el.dataset.seq = String(seq);
      const after = [...this.log.querySelectorAll('.msg')].find((other) =>
        other !== el && (other.classList.contains('pending') || Number(other.dataset.seq) > seq));
      const anchor = after || this.survey || null;
      if (anchor && anchor.parentNode === this.log) this.log.insertBefore(el, anchor);
      else this.log.append(el);
      this.markContinued();
    }

    markContinued() {
      let previous = null;
      for (const el of this.log.querySelectorAll('.msg')) {
        el.classList.toggle('continued', previous === el.dataset.sender && el.dataset.sender !== 'system');
        previous = el.dataset.sender;
      }
    }

    /** Quick replies stay under the last message only, while the bot is the one answering. */
    refreshChoices() {
      for (const old of this.log.querySelectorAll('.choices')) old.remove();
      const messages = [...this.log.querySelectorAll('.msg')];
      const last = messages[messages.length - 1];
      if (!last || !last.choices || this.state === 'closed') return;
      const label = last.choices.map((choice) => choice.label).join(', ');
      const row = h('div', { class: 'choices', role: 'group', 'aria-label': label });
      for (const choice of last.choices) {
        row.append(h('button', {
          class: 'chip', type: 'button', onclick: () => this.choose(choice),
        }, CHOICE_ICONS[choice.action] ? icon(CHOICE_ICONS[choice.action], 16) : null, choice.label));
      }
      last.after(row);
    }

    choose(choice) {
      this.send(choice.label, choice.payload);
      this.focusComposer();
    }

    showTyping() {
      this.typing.hidden = false;
      clearTimeout(this.typingTimer);
      this.typingTimer = setTimeout(() => this.hideTyping(), TYPING_SHOWN_MS);
      this.scrollToEnd(false);
    }

    hideTyping() {
      clearTimeout(this.typingTimer);
      this.typing.hidden = true;
    }

    /** Follows new messages unless the visitor has scrolled up to read older ones. */
    scrollToEnd(force) {
      if (force) this.stick = true;
      if (this.stick) this.log.scrollTop = this.log.scrollHeight;
    }

    followLog() {
      this.stick = true;
      this.log.addEventListener('scroll', () => {
        const log = this.log;
        this.stick = log.scrollHeight - log.scrollTop - log.clientHeight < 48;
      }, { passive: true });
      // The log shrinks when the header wraps, the typing dots show or the keyboard opens: keep its end in view.
      if (window.ResizeObserver) new ResizeObserver(() => this.scrollToEnd(false)).observe(this.log);
    }

    showNotice(text) {
      const notice = h('p', { class: 'notice', role: 'status' }, text);
      this.log.append(notice);
    }

    clearLog() {
      this.log.replaceChildren(this.intro);
      this.rendered.clear();
      this.history.clear();
      this.lastSeq = 0;
      this.survey = null;
      this.hideTyping();
      for (const item of this.pending.values()) this.log.append(item.el);
    }

    // -------------------------------------------------------------------------------------------- sending
    onInputKey(event) {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
        event.preventDefault();
        this.submitInput();
      }
    }

    onInput() {
      const input = this.input;
      input.style.height = 'auto';
      input.style.height = `${Math.min(input.scrollHeight + 3, 132)}px`;
      const now = Date.now();
      if (input.value.trim() && now - this.lastTypingSent >= TYPING_EVERY_MS && this.phase === 'ready') {
        this.lastTypingSent = now;
        this.conn.send({ type: 'typing' });
      }
    }

    submitInput() {
      if (this.send(this.input.value)) {
        this.input.value = '';
        this.input.style.height = '';
      }
    }

    askForHuman() {
      this.send(this.t.humanText, 'handoff');
      this.focusComposer();
    }

    /** Shows the visitor's message at once and sends it now, or after the next (re)connection. */
    send(text, payload = null) {
      const clean = String(text || '').trim().slice(0, 4000);
      if (!clean && !payload) return false;
      if (this.state === 'closed') {
        this.showNotice(this.t.closedRefused);
        return false;
      }
      const item = { client_id: uuid(), text: clean, payload };
      this.queue(item);
      this.lastTypingSent = 0;
      if (this.phase === 'ready') this.conn.send(messageFrame(item));
      else if (this.phase === 'idle' || !this.conn.active) this.connect();
      return true;
    }

    queue(item) {
      item.el = this.renderMessage({ sender: 'visitor', text: item.text, pending: true });
      item.el.classList.add('pending');
      this.pending.set(item.client_id, item);
      this.log.append(item.el);
      this.markContinued();
      this.refreshChoices();
      this.persist();
      this.scrollToEnd(true);
    }

    restorePending() {
      const saved = this.record && Array.isArray(this.record.pending) ? this.record.pending : [];
      for (const { client_id: clientId, text, payload } of saved) {
        if (typeof clientId === 'string' && typeof text === 'string') {
          this.queue({ client_id: clientId, text, payload });
        }
      }
    }

    shareContext() {
      // The page changed its context mid-conversation (a payment error): the server merges it for the agent.
      // Not connected yet: the next hello carries it.
      if (this.phase === 'ready') this.conn.send({ type: 'context', context: this.pageContext() });
    }

    sendFeedback(frame) {
      this.unsavedFeedback += 1;
      if (!this.conn.send(frame)) this.outbox.push(frame);
    }

    // -------------------------------------------------------------------------------------------- survey
    showSurvey() {
      if (this.survey || this.surveyed) return;
      this.survey = h('section', { class: 'card', 'aria-labelledby': 'relais-survey-q' });
      this.surveyStep('csat');
      this.log.append(this.survey);
      this.scrollToEnd(true);
    }

    surveyStep(step) {
      const t = this.t;
      const [question, max, low, high] = step === 'csat'
        ? [t.csatQuestion, 5, t.csatLow, t.csatHigh] : [t.cesQuestion, 7, t.cesLow, t.cesHigh];
      const buttons = Array.from({ length: max }, (_, i) => h('button', {
        type: 'button', 'aria-label': t.rate(i + 1, max), onclick: () => this.rate(step, i + 1),
      }, String(i + 1)));
      this.survey.replaceChildren(
        h('h3', { id: 'relais-survey-q' }, question),
        h('div', { class: 'scale', role: 'group', 'aria-labelledby': 'relais-survey-q' }, buttons),
        h('div', { class: 'scale-labels', 'aria-hidden': 'true' },
          h('span', null, `1 · ${low}`), h('span', null, `${max} · ${high}`)),
        h('button', { class: 'link-button', type: 'button', onclick: () => this.finishSurvey(false) }, t.skip));
    }

    rate(step, value) {
      this.surveyHadFocus = this.survey.contains(this.shadow.activeElement);
      this.sendFeedback({ type: 'feedback', [step]: value });
      if (step === 'csat') {
        this.surveyStep('ces');
        if (this.surveyHadFocus) this.survey.querySelector('button').focus();
      } else {
        // The thanks come once the server has the answers, not before.
        for (const button of this.survey.querySelectorAll('button')) button.disabled = true;
        this.awaitingThanks = true;
        this.thankWhenSaved();
      }
    }

    onFeedbackSaved() {
      this.unsavedFeedback = Math.max(0, this.unsavedFeedback - 1);
      this.thankWhenSaved();
    }

    thankWhenSaved() {
      if (this.awaitingThanks && this.unsavedFeedback === 0) {
        this.awaitingThanks = false;
        this.finishSurvey(true);
      }
    }

    finishSurvey(rated) {
      const hadFocus = this.surveyHadFocus || this.survey.contains(this.shadow.activeElement);
      if (rated) {
        this.survey.replaceChildren(h('p', { class: 'thanks', role: 'status' }, icon('spark', 18), this.t.thanks));
      }
      else this.survey.remove();
      this.surveyed = true;
      this.persist();
      if (hadFocus) this.endedBar.querySelector('button').focus();
    }

    // -------------------------------------------------------------------------------------------- lifecycle
    endConversation() {
      if (!this.conversation) return;
      if (!this.conn.send({ type: 'close' })) {
        this.rest('POST', '/close').then((ok) => ok && this.setState('closed', null));
      }
    }

    newConversation() {
      this.conn.drop();
      this.forget();
      this.resetConversation();
      this.connect();
      this.focusComposer();
    }

    askErase() {
      const t = this.t;
      const cancel = h('button', { class: 'secondary', type: 'button', onclick: () => this.closeConfirm() }, t.cancel);
      const erase = h('button', {
        class: 'danger-button', type: 'button', onclick: () => this.erase(),
      }, t.eraseConfirm);
      this.confirmError = h('p', { role: 'alert', hidden: true });
      this.confirmBox.replaceChildren(h('div', {
        class: 'confirm-card', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'relais-erase-title',
        'aria-describedby': 'relais-erase-text', onkeydown: (event) => trapFocus(event, [cancel, erase]),
      },
      h('h3', { id: 'relais-erase-title' }, t.eraseTitle),
      h('p', { id: 'relais-erase-text' }, t.eraseText),
      this.confirmError,
      h('div', { class: 'confirm-actions' }, cancel, erase)));
      this.confirmBox.hidden = false;
      cancel.focus();
    }

    closeConfirm() {
      this.confirmBox.hidden = true;
      this.confirmBox.replaceChildren();
      this.menuButton.focus();
    }

    async erase() {
      const conversation = this.conversation || this.storedConversation();
      if (conversation) {
        const ok = await this.rest('DELETE', '', conversation);
        if (!ok) {
          this.confirmError.textContent = this.t.eraseFailed;
          this.confirmError.hidden = false;
          return;
        }
      }
      this.conn.drop();
      this.forget();
      this.resetConversation();
      this.confirmBox.hidden = true;
      this.confirmBox.replaceChildren();
      this.showNotice(this.t.erased);
      this.focusComposer();
    }

    /** A visitor REST call on the conversation; true when done (or when the conversation is already gone). */
    async rest(method, suffix, conversation = this.conversation) {
      try {
        const response = await fetch(`${ORIGIN}/api/v1/conversations/${encodeURIComponent(conversation.id)}${suffix}`, {
          method, headers: { Authorization: `Bearer ${conversation.token}` }, credentials: 'omit', keepalive: true,
        });
        return response.ok || response.status === 403 || response.status === 404;
      } catch {
        return false;
      }
    }

    /** Forgets the stored conversation (this tab keeps showing nothing of it). */
    forget() {
      const stored = store.read();
      if (!stored || !this.conversation || stored.conversation_id === this.conversation.id) store.clear();
      this.record = null;
      this.conversation = null;
      this.seen = 0;
    }

    resetConversation() {
      this.conversation = null;
      this.pending.clear();
      this.outbox = [];
      this.unsavedFeedback = 0;
      this.awaitingThanks = false;
      this.surveyed = false;
      this.seen = 0;
      this.clearLog();
      this.setPhase('idle');
      this.setState('bot', null);
    }

    /** Saves what resumes the conversation on the next page, once the visitor has opened the chat. */
    persist() {
      if (!this.conversation) return;
      this.record = {
        conversation_id: this.conversation.id,
        visitor_token: this.conversation.token,
        seen: this.seen,
        state: this.state,
        open: this.isOpen,
        surveyed: this.surveyed,
        pending: [...this.pending.values()].map((item) => ({
          client_id: item.client_id, text: item.text, payload: item.payload,
        })),
      };
      store.write(this.record);
    }

    // -------------------------------------------------------------------------------------------- transcript
    downloadTranscript() {
      const t = this.t;
      const format = new Intl.DateTimeFormat(this.config.language, { dateStyle: 'short', timeStyle: 'short' });
      const lines = [`${this.config.title || t.title} · ${t.transcriptTitle}`, location.href, ''];
      for (const seq of [...this.history.keys()].sort((a, b) => a - b)) {
        const message = this.history.get(seq);
        const names = { visitor: t.you, bot: t.bot, agent: message.agent_name || t.agent, system: t.system };
        const who = names[message.sender] || t.bot;
        const when = message.created_at ? format.format(new Date(message.created_at)) : '';
        lines.push(`[${when}] ${t.said(who)}`, String(message.text || ''), '');
      }
      const blob = new Blob([lines.join('\n')], { type: 'text/plain;charset=utf-8' });
      const href = URL.createObjectURL(blob);
      const stamp = new Date().toISOString().slice(0, 10);
      const link = h('a', { href, download: `${t.transcriptFile}-${stamp}.txt`, hidden: true });
      this.shadow.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(href), 10000);
    }

    render() {
      this.renderStatus();
      this.updateBadge();
    }
  }

  // ------------------------------------------------------------------------------------------------ small helpers

  function messageFrame(item) {
    const frame = { type: 'message', client_id: item.client_id, text: item.text };
    if (item.payload) frame.payload = item.payload;
    return frame;
  }

  /** The text without a last paragraph that only links to `url`: the widget shows that link as its own button. */
  function withoutTrailingLink(text, url) {
    const source = String(text || '');
    const match = /\n\s*\[[^\]\n]*\]\(([^\n]*)\)\s*$/.exec(source);
    const target = match ? match[1].trim().replace(/^<(.*)>$/, '$1') : null;
    return target && safeUrl(target) === url ? source.slice(0, match.index) : source;
  }

  function validChoice(choice) {
    return isPlainObject(choice) && typeof choice.label === 'string' && typeof choice.payload === 'string';
  }

  function agentName(handoff) {
    if (!handoff) return null;
    const name = (handoff.agent && handoff.agent.name) || handoff.agent_name;
    return typeof name === 'string' && name.trim() ? name.trim().slice(0, 60) : null;
  }

  const PUBLIC_FIELDS = ['seq', 'sender', 'kind', 'text', 'created_at', 'article_id', 'url', 'payload', 'choices',
    'client_id'];

  /** What `relais:message` listeners get: a copy of the message's public fields. */
  function publicMessage(message) {
    const copy = {};
    for (const key of PUBLIC_FIELDS) {
      if (message[key] !== undefined) copy[key] = message[key];
    }
    return copy;
  }

  function trapFocus(event, focusables) {
    if (event.key !== 'Tab') return;
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    const active = event.currentTarget.getRootNode().activeElement;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  function emit(name, detail) {
    window.dispatchEvent(new CustomEvent(name, { detail }));
  }

  // ------------------------------------------------------------------------------------------------ host-page API

  function start() {
    const widget = new Widget(readConfig(SCRIPT));
    const earlier = window.Relais && Array.isArray(window.Relais.q) ? window.Relais.q : [];
    const api = Object.freeze({
      version: VERSION,
      open: () => widget.open(),
      close: () => widget.close(),
      toggle: () => (widget.isOpen ? widget.close() : widget.open()),
      setContext(values) {
        if (!isPlainObject(values)) throw new TypeError('Relais.setContext expects an object');
        Object.assign(widget.context, values);
        widget.shareContext();
      },
      send: (text) => widget.send(text),
      get isOpen() {
        return widget.isOpen;
      },
    });
    window.Relais = api;
    widget.mount();
    // Calls queued by the page before the script arrived: ['open'], ['setContext', {...}]...
    for (const entry of earlier) {
      const [method, ...args] = Array.isArray(entry) ? entry : [];
      if (typeof api[method] === 'function') {
        try {
          api[method](...args);
        } catch (error) {
          console.error('Relais:', error);
        }
      }
    }
    emit('relais:ready', { version: VERSION });
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
  else start();
})();
