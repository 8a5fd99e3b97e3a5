// oidc-provider's storage for the stand-in: one store for every provider
// instance of the process (a key rotation builds a new one; oidc-provider's
// own in-memory adapter would be per instance), through the adapter
// interface oidc-provider documents, on one Map with lazy expiry.
const store = new Map();
/** Models whose records a grant revocation removes. */
const GRANTABLE = new Set(["AccessToken", "AuthorizationCode", "RefreshToken"]);

function storeGet(key) {
  const entry = store.get(key);
  if (entry === undefined) return undefined;
  if (entry.expiresAt <= Date.now()) {
    store.delete(key);
    return undefined;
  }
  return entry.value;
}

function storeSet(key, value, expiresInSeconds) {
  const expiresAt =
    typeof expiresInSeconds === "number" ? Date.now() + expiresInSeconds * 1000 : Infinity;
  store.set(key, { value, expiresAt });
}

export class StandInAdapter {
  constructor(model) {
    this.model = model;
  }

  key(id) {
    return `${this.model}:${id}`;
  }

  async upsert(id, payload, expiresIn) {
    storeSet(this.key(id), payload, expiresIn);
    if (this.model === "Session") storeSet(`sessionUid:${payload.uid}`, id, expiresIn);
    if (GRANTABLE.has(this.model) && payload.grantId) {
      const members = storeGet(`grant:${payload.grantId}`) ?? new Set();
      members.add(this.key(id));
      storeSet(`grant:${payload.grantId}`, members);
    }
  }

  async find(id) {
    return storeGet(this.key(id));
  }

  async findByUid(uid) {
    const id = storeGet(`sessionUid:${uid}`);
    return id === undefined ? undefined : this.find(id);
  }

  async findByUserCode() {
    return undefined; // no device flow
  }

  async consume(id) {
    const payload = storeGet(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id) {
    store.delete(this.key(id));
  }

  async revokeByGrantId(grantId) {
    for (const key of storeGet(`grant:${grantId}`) ?? []) store.delete(key);
    store.delete(`grant:${grantId}`);
  }
}
