// The outbox: changes waiting for the server's acknowledgement, kept in localStorage so that
// a reload, a dropped connection or a dead battery loses nothing typed. Each entry carries its
// operation id; resending it is safe because the server answers a known id with the first ack.

function newOpId() {
  // crypto.randomUUID needs a secure context; venue Wi-Fi often serves plain http.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export class Outbox {
  constructor(key) {
    this.key = key;
    this.entries = this.load();
  }

  load() {
    try { return JSON.parse(localStorage.getItem(this.key)) || []; } catch { return []; }
  }

  save() {
    try { localStorage.setItem(this.key, JSON.stringify(this.entries)); } catch { /* private mode: memory only */ }
  }

  add(kind, message) {
    const entry = { op: newOpId(), kind, ...message, queuedAt: Date.now() };
    this.entries.push(entry);
    this.save();
    return entry;
  }

  remove(op) {
    this.entries = this.entries.filter((e) => e.op !== op);
    this.save();
  }

  get size() { return this.entries.length; }
  first() { return this.entries[0]; }
}
