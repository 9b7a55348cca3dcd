package store

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

func TestAPITokens(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		ctx := t.Context()
		tok := &auth.APIToken{UserID: f.cm.ID, Name: " EHR bridge ", Scopes: []auth.Scope{auth.ScopeClientsRead, auth.ScopeAnalyze},
			ExpiresAt: start.Add(30 * 24 * time.Hour)}
		plain, err := db.CreateAPIToken(ctx, tok)
		must(t, err)
		if err := auth.CheckToken(plain, auth.PrefixAPI); err != nil || tok.ID <= 0 || tok.Name != "EHR bridge" {
			t.Fatalf("token %q %+v: %v", plain, tok, err)
		}

		// Found by the hash of the plaintext only; the plaintext is not stored.
		got, err := db.FindAPITokenByHash(ctx, auth.HashToken(plain))
		must(t, err)
		want := auth.APIToken{ID: tok.ID, UserID: f.cm.ID, Name: "EHR bridge", Scopes: []auth.Scope{auth.ScopeClientsRead, auth.ScopeAnalyze},
			ExpiresAt: dbTime(start.Add(30 * 24 * time.Hour))}
		if diff := cmp.Diff(want, *got); diff != "" {
			t.Errorf("FindAPITokenByHash (-want +got):\n%s", diff)
		}
		if err := got.Allows(auth.ScopeAnalyze, start); err != nil {
			t.Errorf("Allows: %v", err)
		}
		wantCode(t, second(db.FindAPITokenByHash(ctx, auth.HashToken(plain+"x"))), rapport.ENOTFOUND)
		wantCode(t, second(db.FindAPITokenByHash(ctx, []byte(plain))), rapport.ENOTFOUND)

		// Last use is recorded at most once a minute.
		f.clock.Advance(time.Second)
		must(t, db.TouchAPIToken(ctx, tok.ID))
		f.clock.Advance(30 * time.Second)
		must(t, db.TouchAPIToken(ctx, tok.ID))
		got, _ = db.FindAPITokenByHash(ctx, auth.HashToken(plain))
		if !got.LastUsedAt.Equal(dbTime(start.Add(time.Second))) {
			t.Errorf("last used %v, want the first touch", got.LastUsedAt)
		}
		f.clock.Advance(time.Minute)
		must(t, db.TouchAPIToken(ctx, tok.ID))
		got, _ = db.FindAPITokenByHash(ctx, auth.HashToken(plain))
		if !got.LastUsedAt.Equal(dbTime(start.Add(91 * time.Second))) {
			t.Errorf("last used %v after a minute", got.LastUsedAt)
		}

		// Listing: the owner's tokens, newest first, paginated.
		other := &auth.APIToken{UserID: f.cm.ID, Name: "second", Scopes: []auth.Scope{auth.ScopeNotesWrite}, ExpiresAt: start.Add(time.Hour)}
		_, err = db.CreateAPIToken(ctx, other)
		must(t, err)
		_, err = db.CreateAPIToken(ctx, &auth.APIToken{UserID: f.sup.ID, Name: "sup", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: start.Add(time.Hour)})
		must(t, err)
		list, total, err := db.ListAPITokens(ctx, f.cm.ID, rapport.Page{Limit: 1})
		must(t, err)
		if total != 2 || len(list) != 1 || list[0].ID != other.ID {
			t.Errorf("list page 1: total %d %+v", total, list)
		}
		list, _, err = db.ListAPITokens(ctx, f.cm.ID, rapport.Page{Limit: 1, Offset: 1})
		must(t, err)
		if len(list) != 1 || list[0].ID != tok.ID {
			t.Errorf("list page 2: %+v", list)
		}
		wantCode(t, third(db.ListAPITokens(ctx, f.cm.ID, rapport.Page{Limit: -1})), rapport.EINVALID)

		// Revoking: only the owner's, the first time is kept, and Allows refuses it.
		wantCode(t, db.RevokeAPIToken(ctx, f.sup.ID, tok.ID), rapport.ENOTFOUND)
		wantCode(t, db.RevokeAPIToken(ctx, f.cm.ID, 9999), rapport.ENOTFOUND)
		must(t, db.RevokeAPIToken(ctx, f.cm.ID, tok.ID))
		revokedAt := db.clock()
		f.clock.Advance(time.Minute)
		must(t, db.RevokeAPIToken(ctx, f.cm.ID, tok.ID))
		got, err = db.FindAPITokenByHash(ctx, auth.HashToken(plain))
		must(t, err)
		if !got.RevokedAt.Equal(revokedAt) {
			t.Errorf("revoked at %v, want %v", got.RevokedAt, revokedAt)
		}
		if err := got.Allows(auth.ScopeAnalyze, db.clock()); err != auth.ErrTokenRevoked {
			t.Errorf("Allows after revocation: %v", err)
		}

		// Invalid tokens are refused before anything is stored.
		for name, bad := range map[string]auth.APIToken{
			"no owner":      {Name: "x", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: start.Add(time.Hour)},
			"unknown owner": {UserID: 9999, Name: "x", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: start.Add(time.Hour)},
			"no name":       {UserID: f.cm.ID, Name: "  ", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: start.Add(time.Hour)},
			"long name":     {UserID: f.cm.ID, Name: strings.Repeat("n", MaxTokenNameLen+1), Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: start.Add(time.Hour)},
			"no scope":      {UserID: f.cm.ID, Name: "x", ExpiresAt: start.Add(time.Hour)},
			"bad scope":     {UserID: f.cm.ID, Name: "x", Scopes: []auth.Scope{"admin"}, ExpiresAt: start.Add(time.Hour)},
			"repeat scope":  {UserID: f.cm.ID, Name: "x", Scopes: []auth.Scope{auth.ScopeAnalyze, auth.ScopeAnalyze}, ExpiresAt: start.Add(time.Hour)},
			"no expiry":     {UserID: f.cm.ID, Name: "x", Scopes: []auth.Scope{auth.ScopeAnalyze}},
			"expired":       {UserID: f.cm.ID, Name: "x", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: start},
			"too long":      {UserID: f.cm.ID, Name: "x", Scopes: []auth.Scope{auth.ScopeAnalyze}, ExpiresAt: db.clock().Add(MaxTokenLifetime + time.Hour)},
		} {
			if _, err := db.CreateAPIToken(ctx, &bad); rapport.ErrorCode(err) != rapport.EINVALID {
				t.Errorf("%s: error %v, want %s", name, err, rapport.EINVALID)
			}
		}
		if n := countRows(t, db, "api_tokens"); n != 3 {
			t.Errorf("%d tokens stored, want 3", n)
		}
	})
}

func TestDecodeScopesDropsUnknown(t *testing.T) {
	got := decodeScopes("analyze,superuser,clients:read")
	if diff := cmp.Diff([]auth.Scope{auth.ScopeAnalyze, auth.ScopeClientsRead}, got); diff != "" {
		t.Error(diff)
	}
}

func TestFindConcernScope(t *testing.T) {
	forEachEngine(t, func(t *testing.T, db *DB) {
		f := newFixture(t, db)
		c := f.client(t, "Jo")
		con := &rapport.Concern{ClientID: c.ID, Words: "The bus is too far."}
		must(t, db.CreateConcern(t.Context(), f.cmActor, con))
		got, err := db.FindConcernScope(t.Context(), con.ID)
		must(t, err)
		if diff := cmp.Diff(rapport.ClientScope{ClientID: c.ID, TeamID: f.team.ID, CareTeam: []int64{f.cm.ID}}, *got); diff != "" {
			t.Error(diff)
		}
		wantCode(t, second(db.FindConcernScope(t.Context(), 9999)), rapport.ENOTFOUND)
	})
}
