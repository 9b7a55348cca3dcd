package web

import (
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// Sample data for every page, rendered by TestTemplates (CSP, escaping, labels) and type-checked
// by TestTemplatecheck. Each feature's test file adds its pages' samples in an init function, so
// a new page without a sample fails both tests.

// sampleUser and sampleClient carry markup in their text, so the tests see that it is escaped.
var sampleUser = &rapport.User{ID: 1, Name: "Casey <Manager>", Role: rapport.RoleCaseManager}
var sampleClient = &rapport.Client{
	ID: 7, PreferredName: "Jordan", Pronouns: "they/them", Language: "Spanish", ContactMethod: rapport.ContactInPerson,
	ContactTimes: "after 3pm", WhatMatters: `"Staying in my flat" & <my dog>`, Strengths: []string{"Resourceful"},
	Needs: []rapport.Need{{Domain: rapport.NeedSocialSupport, Level: rapport.NeedUrgent, Note: "Isolated"}},
}
var samplePages = map[string]any{
	"error": &errorPage{page: page{Title: "You don't have access to this page", User: sampleUser}, Status: 403, Message: "Ask to join the care team.",
		Carried: &resumeForm{Fields: []resumeField{{Name: "text", Value: "A long note about <my dog> and the lease renewal forms."}}}},
	"login": &loginPage{page: page{Title: "Sign in"}, Email: "a@example.org", Next: "/clients/7", Error: "the email or password is incorrect", Notice: "You have signed out."},
	"setup": &setupPage{page: page{Title: "Set up Rapport"}, Token: "setup_abc", Name: "Ada", Email: "ada@example.org", Error: "too short"},
	"home": &homePage{page: page{Title: "Your clients", User: sampleUser}, Clients: []*rapport.Client{sampleClient}, Total: 1, CanAdd: true,
		Urgent: []urgentComment{{ClientID: 7, ClientName: "Jordan", Words: "I <b>might</b> hurt myself", Raised: time.Now()}}},
	"client": &clientPage{page: page{Title: "Jordan", User: sampleUser}, Client: sampleClient, Team: "North", CareTeam: []string{"Casey", "Sam"},
		Emergency: &auth.BreakGlass{ClientID: 7, Reason: "Client <in> crisis", GrantedAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}},
	"note": &notePage{page: page{Title: "Write about Jordan", User: sampleUser}, ClientName: "Jordan", Editor: noteEditorView{
		ClientID: 7, Form: noteForm{Kind: "message", Text: "He is <my dog> noncompliant", Context: "I <Manager> can't"},
		Error: "The note is empty.", Notice: "Your text changed.",
		Feedback: &noteFeedback{Overall: 40, Levels: []levelView{{Name: "Exploration", Rating: 1, Label: "weak", Words: []string{"How <are> you"}}},
			Marked:   []markPart{{Text: "He is "}, {Text: "noncompliant", Mark: true}},
			Findings: []findingView{{Code: "stigmatizing_language", Title: "Stigmatising language", Pitfall: true, Reason: "Labels the person.", Evidence: "noncompliant", Action: "Replace with", Text: "not taking", Spec: "6,18,not taking"}}},
	}},
}
