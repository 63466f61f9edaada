// The live connection shared by every page: authenticate, sync the document, apply versioned
// patches, resync on any gap, and send changes through the outbox (in order, one at a time).
import { localizeDefaults } from './defaults.js';
import { _, setCatalog, setSectorLabels } from './i18n.js';
import { mergePatch } from './mergepatch.js';
import { Outbox } from './outbox.js';

const ACK_TIMEOUT_MS = 10000;

export class Live {
  constructor(boot) {
    this.boot = boot;
    setCatalog(boot.strings, boot.lang);
    setSectorLabels(boot.sector_labels);
    // Start from the document rendered into the page, so it is usable before the socket connects.
    this.raw = boot.doc || null;  // the document as the server sends it, which patches apply to
    this.doc = localizeDefaults(this.raw, boot.defaults);
    this.version = boot.v || 0;
    this.personal = boot.personal || {};
    this.clockOffset = 0;
    this.listeners = new Set();
    this.waiters = new Map();  // op -> {resolve}
    this.sending = false;
    this.status = 'connecting';
    this.outbox = new Outbox(`cg:outbox:w${boot.workshop}:${boot.as}:${boot.me ? boot.me.id : 'f'}`);
    this.socket = window.io({
      auth: { workshop: boot.workshop, as: boot.as },
      transports: ['websocket', 'polling'],
      reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => { this.setStatus('syncing'); this.sync(); });
    this.socket.on('disconnect', (reason) => this.onDisconnect(reason));
    this.socket.on('connect_error', (err) => this.onRefused(err));
    this.socket.on('patch', (msg) => this.onPatch(msg));
    this.socket.on('personal', (msg) => { this.personal = { ...this.personal, ...msg.steps }; this.emit(); });
    this.socket.on('removed', (msg) => this.onRemoved(msg));
    window.addEventListener('online', () => { if (this.status !== 'refused') this.socket.connect(); });
  }

  onUpdate(fn) { this.listeners.add(fn); if (this.doc) fn(this); }
  emit() { for (const fn of this.listeners) fn(this); }

  setStatus(status) { this.status = status; this.emit(); }

  get saveState() {
    if (this.status === 'refused') return 'refused';
    if (!this.socket.connected) return this.status === 'connecting' && !this.outbox.size ? 'connecting' : 'offline';
    return this.outbox.size ? 'saving' : 'saved';
  }

  now() { return Date.now() + this.clockOffset; }

  sync() {
    this.socket.timeout(ACK_TIMEOUT_MS).emit('sync', {}, (err, reply) => {
      if (reply && reply.code === 'gone') { this.refuse(reply.error); return; }
      if (err || !reply || !reply.ok) { setTimeout(() => this.socket.connected && this.sync(), 1000); return; }
      this.setDoc(reply.doc);
      this.version = reply.v;
      if (reply.personal) this.personal = reply.personal;
      if (reply.now) this.clockOffset = reply.now - Date.now();
      this.setStatus('live');
      this.flush();
    });
  }

  onPatch(msg) {
    if (!this.doc || msg.to <= this.version) return;
    if (msg.from !== this.version) { this.sync(); return; }  // a gap: fetch the whole document
    this.setDoc(mergePatch(this.raw, msg.patch));
    this.version = msg.to;
    if (msg.now) this.clockOffset = msg.now - Date.now();
    this.emit();
  }

  setDoc(doc) {
    this.raw = doc;
    this.doc = localizeDefaults(doc, this.boot.defaults);
  }

  onRefused(err) {
    // A refusal on connect carries our message; network errors retry by themselves.
    if (err && err.message && !/xhr|websocket|timeout/i.test(err.message)) this.refuse(err.message);
  }

  onDisconnect(reason) {
    if (this.status === 'refused') return;  // keep saying why, not "Offline"
    this.setStatus('offline');
    // The server hung up on us (removed, signed out, a flood): socket.io does not reconnect by
    // itself then. Reconnect once, so the refusal on connect tells the person why.
    if (reason === 'io server disconnect') setTimeout(() => this.socket.connect(), 1000);
  }

  onRemoved(msg) {
    this.refuse((msg && msg.message) || _('The facilitator has removed you from this workshop.'));
  }

  refuse(message) {
    this.refusal = message;
    this.setStatus('refused');
    this.socket.disconnect();
  }

  // Send an exercise action; resolves with the acknowledgement (ok or refused).
  act(step, type, data) { return this.enqueue('act', { step, type, data }); }

  // Report another participant's contribution (app/live/reports.py): its step and item key.
  report(step, item, reason = '', text = '') { return this.enqueue('report', { data: { step, item, reason, text } }); }

  // Send a facilitator control.
  control(command, data = {}) { return this.enqueue('control', { command, data }); }

  enqueue(kind, message) {
    const entry = this.outbox.add(kind, message);
    const promise = new Promise((resolve) => this.waiters.set(entry.op, resolve));
    this.emit();
    this.flush();
    return promise;
  }

  flush() {
    if (this.sending || !this.socket.connected || !this.doc) return;
    const entry = this.outbox.first();
    if (!entry) { this.emit(); return; }
    this.sending = true;
    const { kind, queuedAt, ...message } = entry;
    this.socket.timeout(ACK_TIMEOUT_MS).emit(kind, message, (err, ack) => {
      this.sending = false;
      if (err) { setTimeout(() => this.flush(), 500); return; }  // no answer: resend the same op
      // Throttled, or the server could not store it just now: wait, then resend the same op.
      if (ack && (ack.retry || ack.code === 'throttled')) { setTimeout(() => this.flush(), 1000); return; }
      // Accepted, or refused for good: either way it leaves the outbox, so later changes go on.
      this.outbox.remove(entry.op);
      const resolve = this.waiters.get(entry.op);
      this.waiters.delete(entry.op);
      if (ack && ack.code === 'gone') this.refuse(ack.error);
      else if (resolve) resolve(ack || { ok: false, error: _('No answer from the server.') });
      else if (ack && !ack.ok) this.dropped(entry, ack);
      this.emit();
      this.flush();
    });
  }

  // A change queued before a reload was refused: no form is waiting for it, so say it here,
  // with what it said, so the person can send it again differently.
  dropped(entry, ack) {
    const text = entry.data && (entry.data.text || entry.data.name);
    this.lastError = text
      ? _('Not saved: “{text}”. {error}', { text, error: ack.error })
      : _('A change was not saved. {error}', { error: ack.error });
    this.emit();
  }

  // The step the room is on (participants, screen) or the console's step (facilitator).
  stepDoc(id) { return this.doc && this.doc.steps[String(id)]; }
}
