// The bearer-token parser moved to functions/shared/bearer-token.ts (the
// cookie issuer reads the same credentials); this module keeps the old
// import path working for the gate's tests.
export * from "../shared/bearer-token";
