package rapport

import (
	"encoding/json"
	"time"
)

// Limits for notes.
const (
	MaxNoteLen     = 20000   // characters: a long assessment fits, a pasted book does not
	MaxAnalysisLen = 1 << 20 // bytes of analysis JSON
)

// NoteKind says whether a note is for the record or a message to the client.
type NoteKind string

// Note kinds. The engine reads them differently (jargon matters in messages).
const (
	KindNote    NoteKind = "note"
	KindMessage NoteKind = "message"
)

// Valid reports whether k is a known kind.
func (k NoteKind) Valid() bool { return k == KindNote || k == KindMessage }

// Note is a note on the client's record or a message to the client, written
// in the app. Analysis is the engine's result as JSON, stored with the note so
// lists and reports need not run the engine again; it is opaque here, so this
// package does not depend on the engine.
type Note struct {
	ID        int64
	ClientID  int64
	AuthorID  int64
	Kind      NoteKind
	Body      string
	Analysis  json.RawMessage
	CreatedAt time.Time
	// SubmissionKey, when set, names the form or request that wrote the note: the store refuses
	// a second note from the same author with the same key (ErrAlreadySaved), so a double click
	// or a retried request saves once.
	SubmissionKey string
}

// MaxSubmissionKeyLen bounds a submission key.
const MaxSubmissionKeyLen = 100

// Validate checks a note before it is stored.
func (n *Note) Validate() error {
	errs := []error{
		checkID("client", n.ClientID),
		checkText("note", n.Body, MaxNoteLen, true),
		checkText("submission key", n.SubmissionKey, MaxSubmissionKeyLen, false),
	}
	if !n.Kind.Valid() {
		errs = append(errs, Errorf(EINVALID, "kind must be note or message"))
	}
	switch {
	case len(n.Analysis) > MaxAnalysisLen:
		errs = append(errs, Errorf(EINVALID, "analysis must be at most %d bytes", MaxAnalysisLen))
	case len(n.Analysis) > 0 && !json.Valid(n.Analysis):
		errs = append(errs, Errorf(EINVALID, "analysis must be valid JSON"))
	}
	return firstError(errs...)
}

// NoteFilter selects a client's notes, newest first. Zero Kind and AuthorID
// do not filter.
type NoteFilter struct {
	ClientID int64
	Kind     NoteKind
	AuthorID int64
	Page
}

// Validate checks the filter.
func (f NoteFilter) Validate() error {
	if f.Kind != "" && !f.Kind.Valid() {
		return Errorf(EINVALID, "kind must be note or message")
	}
	return firstError(checkID("client", f.ClientID), f.Page.Validate())
}

// ErrAlreadySaved is a second save of the same note submission; the note was saved once.
var ErrAlreadySaved error = Errorf(ECONFLICT, "this note was already saved: it was sent twice and saved once")
