package main

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// The pages scenario drives the web pages as a signed-in case manager: reading client pages
// (the person, their care plan and recent notes) and saving notes through the note form, nine
// reads to one write. All simulated users share one session, as tabs of one browser would; the
// sign-in limits (5 an account, 20 an address, per 15 minutes) rule out fifty sign-ins.

// signIn signs in with email and the password on the first line of in, and returns the session
// cookie as a Cookie header value.
func signIn(base, email string, in io.Reader) (string, error) {
	if email == "" {
		return "", fmt.Errorf("-scenario pages needs -email, and the password on standard input")
	}
	password, err := bufio.NewReader(in).ReadString('\n')
	if err != nil && password == "" {
		return "", fmt.Errorf("reading the password from standard input: %w", err)
	}
	form := url.Values{"email": {email}, "password": {strings.TrimRight(password, "\r\n")}, "next": {"/"}}
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(base+"/login", form)
	if err != nil {
		return "", fmt.Errorf("signing in: %w", err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther || len(resp.Cookies()) == 0 {
		return "", fmt.Errorf("signing in as %s: %s", email, resp.Status)
	}
	c := resp.Cookies()[0]
	return c.Name + "=" + c.Value, nil
}

var clientLink = regexp.MustCompile(`href="/clients/(\d+)"`)

// pageRequests reads the signed-in user's clients from their home page and returns requests
// for their client pages and note forms.
func pageRequests(client *http.Client, base, cookie string) (request, error) {
	withCookie := func(r *http.Request) *http.Request {
		r.Header.Set("Cookie", cookie)
		return r
	}
	r, _ := http.NewRequest(http.MethodGet, base+"/", nil)
	resp, err := client.Do(withCookie(r))
	if err != nil {
		return nil, err
	}
	home, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil || resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("reading the home page: %s %v", resp.Status, err)
	}
	var ids []int64
	for _, m := range clientLink.FindAllSubmatch(home, -1) {
		id, _ := strconv.ParseInt(string(m[1]), 10, 64)
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return nil, fmt.Errorf("the signed-in user has no clients (load the demo: rapport demo)")
	}
	return func(ctx context.Context, n int) *http.Request {
		id := ids[n*7919%len(ids)]
		if n%10 == 9 {
			form := url.Values{"kind": {"note"}, "text": {fmt.Sprintf("Checked in by phone; she is settling into the new apartment (%d).", n)}}
			r, _ := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/clients/%d/notes", base, id), strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			return withCookie(r)
		}
		r, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/clients/%d", base, id), nil)
		return withCookie(r)
	}, nil
}
