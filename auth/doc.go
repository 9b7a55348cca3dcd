// Package auth holds Rapport's security decisions as pure logic: password
// hashing and policy, tokens, session timeouts, login rate limiting and the
// role and break-glass access rules.
//
// It has no database or HTTP code. Storage is reached through the small
// interfaces declared here (Counter, Credentials), which the store package
// implements, so that several server processes can share counters and
// sessions through the database. docs/security.md explains the choices.
package auth
