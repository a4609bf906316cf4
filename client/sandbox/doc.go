// Package sandbox is an in-process, stateful Auth0 Management API for one
// tenant: the organizations, both organization-connection families,
// connections, connection profiles, clients, client grants and tenant logs
// that orgscope manages, plus the client-credentials token endpoint.
//
// It answers as Auth0 answers wherever management-api.md pins Auth0 down:
// status codes, error bodies (errorCode omitted where Auth0 omits it),
// defaults, both paging shapes and their quirks, the 1,000-record offset
// window, token buckets per endpoint group with X-RateLimit-* headers, and
// sapi log events for every successful write. Validation rules and their
// messages come from package model, the same rules orgscope's forms use.
//
// Where Auth0's behaviour has not been observed, the sandbox makes a
// documented choice (docs/sandbox.md lists them), for instance:
//   - schema messages carry no property description in parentheses;
//   - the classic /enabled_connections list shows disabled links too;
//   - PATCH /connection-profiles/{id} is partial;
//   - user attribute profiles are not stored: any uap_ id is accepted.
//
// New starts a tenant without listening (use it as an http.Handler);
// NewServer also listens on 127.0.0.1 at a free port. One RWMutex guards
// plain maps; every handler validates, then mutates, then answers, and the
// answer is encoded before the lock is released.
package sandbox
