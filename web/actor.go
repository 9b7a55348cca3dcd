package web

import (
	"context"

	"github.com/rapporthq/rapport"
)

type actorKey struct{}

// withActor returns a context that carries the signed-in user (from a session cookie or an API
// token), so handlers and the store calls they make always know who is acting.
func withActor(ctx context.Context, a rapport.Actor) context.Context {
	return context.WithValue(ctx, actorKey{}, a)
}

// actorFrom returns the signed-in user, if any.
func actorFrom(ctx context.Context) (rapport.Actor, bool) {
	a, ok := ctx.Value(actorKey{}).(rapport.Actor)
	return a, ok
}
