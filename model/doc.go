// Package model is orgscope's pure domain: the objects of an Auth0 tenant that
// orgscope manages (organizations, connections, the links between them,
// connection profiles, clients and their My Organization configuration), the
// strategy classes, and Auth0's validation rules with Auth0's own messages.
//
// Every rule lives here once. The forms use it to refuse what Auth0 would
// refuse before a request is sent, and the sandbox uses it to answer as Auth0
// answers. The package imports no HTTP and no terminal package.
package model
