// Command rapport-load is a bounded load generator for a running Rapport server. It runs a fixed
// number of concurrent clients for a fixed time against one scenario and prints throughput,
// latency percentiles and errors. It only talks to the address it is given; point it at a
// server on this machine (loopback).
//
//	rapport-load -url http://127.0.0.1:8080 -token rpt_... -scenario analyze -clients 50 -duration 20s
//	echo "$PASSWORD" | rapport-load -scenario pages -email maya.okafor@demo.rapport.example -clients 50
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

func main() {
	base := flag.String("url", "http://127.0.0.1:8080", "the server's base `URL` (loopback only)")
	scenario := flag.String("scenario", "analyze", "analyze (POST /api/v1/analyze, a 60-word message), workspace (read client records and save notes through the API, 9:1) or pages (the same through the web pages, signed in)")
	clients := flag.Int("clients", 50, "concurrent clients")
	duration := flag.Duration("duration", 20*time.Second, "how long to run (at most 10m)")
	format := flag.String("format", "text", "output format: text or json")
	think := flag.Duration("think", 0, "pause between one client's requests, as a person pausing while typing (0: send back to back)")
	token := flag.String("token", os.Getenv("RAPPORT_TOKEN"), "an API `TOKEN` with the analyze scope (rapport token create); default $RAPPORT_TOKEN")
	email := flag.String("email", "", "pages: the `EMAIL` to sign in with; the password is read from standard input")
	flag.Parse()
	if *scenario == "pages" {
		cookie, err := signIn(*base, *email, os.Stdin)
		if err != nil {
			fmt.Fprintln(os.Stderr, "rapport-load:", err)
			os.Exit(2)
		}
		*token = cookie
	}
	if err := check(*base, *scenario, *clients, *duration, *format); err != nil {
		fmt.Fprintln(os.Stderr, "rapport-load:", err)
		os.Exit(2)
	}
	res, err := run(*base, *token, *scenario, *clients, *duration, *think)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rapport-load:", err)
		os.Exit(1)
	}
	if err := report(os.Stdout, *format, *scenario, *clients, res); err != nil {
		fmt.Fprintln(os.Stderr, "rapport-load:", err)
		os.Exit(1)
	}
	if res.errors > 0 {
		os.Exit(1)
	}
}

// check refuses anything but a loopback target, so the generator cannot be aimed at a shared
// server by mistake, and keeps every run bounded.
func check(base, scenario string, clients int, d time.Duration, format string) error {
	u, err := url.Parse(base)
	if err != nil {
		return fmt.Errorf("-url: %w", err)
	}
	switch u.Hostname() {
	case "127.0.0.1", "localhost", "::1":
	default:
		return fmt.Errorf("-url must be a loopback address (127.0.0.1, localhost or ::1), not %q", u.Hostname())
	}
	if scenario != "analyze" && scenario != "workspace" && scenario != "pages" {
		return fmt.Errorf("-scenario must be analyze, workspace or pages, not %q", scenario)
	}
	if clients < 1 || clients > 500 {
		return fmt.Errorf("-clients must be between 1 and 500")
	}
	if d <= 0 || d > 10*time.Minute {
		return fmt.Errorf("-duration must be between 0 and 10m")
	}
	if format != "text" && format != "json" {
		return fmt.Errorf("-format must be text or json")
	}
	return nil
}

const message60 = "Hi Maria, I'm so sorry the hearing got moved again. That sounds exhausting after all the waiting. " +
	"You've kept every appointment, which shows how much you care about getting your kids home. " +
	"Would it help if I called the court clerk with you tomorrow at ten? What would make this week easier for you?"

type result struct {
	latencies []time.Duration
	errors    int
	elapsed   time.Duration
}

// request makes the n-th request of one simulated user.
type request func(ctx context.Context, n int) *http.Request

func run(base, token, scenario string, clients int, d, think time.Duration) (result, error) {
	tr := &http.Transport{MaxIdleConns: clients, MaxIdleConnsPerHost: clients}
	// Redirects are answers, not errors: a saved form is answered 303.
	client := &http.Client{Transport: tr, Timeout: 10 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	next, err := scenarioRequests(client, base, token, scenario)
	if err != nil {
		return result{}, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var mu sync.Mutex
	var all result
	var wg sync.WaitGroup
	start := time.Now()
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			lat, errs := worker(ctx, client, next, c, think)
			mu.Lock()
			all.latencies = append(all.latencies, lat...)
			all.errors += errs
			mu.Unlock()
		}()
	}
	wg.Wait()
	all.elapsed = time.Since(start)
	return all, nil
}

// scenarioRequests builds the request generator. analyze: POST /api/v1/analyze with a 60-word
// message. workspace: case managers reading client records and saving notes, nine reads to one
// write, spread over the clients the token's owner may see.
func scenarioRequests(client *http.Client, base, token, scenario string) (request, error) {
	auth := func(r *http.Request) *http.Request {
		r.Header.Set("Authorization", "Bearer "+token)
		r.Header.Set("Content-Type", "application/json")
		return r
	}
	if scenario == "analyze" {
		body, _ := json.Marshal(map[string]string{"text": message60, "context": "They moved the hearing again.", "kind": "message"})
		return func(ctx context.Context, _ int) *http.Request {
			r, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"/api/v1/analyze", bytes.NewReader(body))
			return auth(r)
		}, nil
	}
	if scenario == "pages" {
		return pageRequests(client, base, token)
	}
	ids, err := clientIDs(client, base, auth)
	if err != nil {
		return nil, err
	}
	return func(ctx context.Context, n int) *http.Request {
		id := ids[n*7919%len(ids)]
		if n%10 == 9 {
			body := fmt.Sprintf(`{"body":"Checked in by phone; %s (%d)."}`, "she is settling into the new apartment", n)
			r, _ := http.NewRequestWithContext(ctx, http.MethodPost, fmt.Sprintf("%s/api/v1/clients/%d/notes", base, id), strings.NewReader(body))
			return auth(r)
		}
		r, _ := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("%s/api/v1/clients/%d", base, id), nil)
		return auth(r)
	}, nil
}

func clientIDs(client *http.Client, base string, auth func(*http.Request) *http.Request) ([]int64, error) {
	r, _ := http.NewRequest(http.MethodGet, base+"/api/v1/clients?limit=500", nil)
	resp, err := client.Do(auth(r))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("listing clients: %s (the token needs clients:read and notes:write)", resp.Status)
	}
	var page struct {
		Items []struct {
			ID int64 `json:"id"`
		} `json:"items"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil {
		return nil, fmt.Errorf("listing clients: %w", err)
	}
	if len(page.Items) == 0 {
		return nil, fmt.Errorf("the token's owner sees no clients (load the demo: rapport demo)")
	}
	ids := make([]int64, len(page.Items))
	for i, c := range page.Items {
		ids[i] = c.ID
	}
	return ids, nil
}

func worker(ctx context.Context, client *http.Client, next request, user int, think time.Duration) ([]time.Duration, int) {
	var lat []time.Duration
	errs := 0
	for n := user * 1_000_003; ctx.Err() == nil; n++ {
		if think > 0 {
			select {
			case <-ctx.Done():
				return lat, errs
			case <-time.After(think):
			}
		}
		t := time.Now()
		resp, err := client.Do(next(ctx, n))
		if ctx.Err() != nil {
			break // the run ended mid-request; that is not the server's error
		}
		if err != nil {
			errs++
			continue
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode/100 != 2 && resp.StatusCode != http.StatusSeeOther {
			errs++
			continue
		}
		lat = append(lat, time.Since(t))
	}
	return lat, errs
}

type summary struct {
	Scenario   string  `json:"scenario"`
	Clients    int     `json:"clients"`
	Requests   int     `json:"requests"`
	Errors     int     `json:"errors"`
	Seconds    float64 `json:"seconds"`
	Throughput float64 `json:"requests_per_second"`
	P50ms      float64 `json:"p50_ms"`
	P95ms      float64 `json:"p95_ms"`
	P99ms      float64 `json:"p99_ms"`
	Maxms      float64 `json:"max_ms"`
}

func report(w io.Writer, format, scenario string, clients int, r result) error {
	slices.Sort(r.latencies)
	s := summary{Scenario: scenario, Clients: clients, Requests: len(r.latencies), Errors: r.errors,
		Seconds: r.elapsed.Seconds(), Throughput: float64(len(r.latencies)) / r.elapsed.Seconds(),
		P50ms: pct(r.latencies, 50), P95ms: pct(r.latencies, 95), P99ms: pct(r.latencies, 99), Maxms: pct(r.latencies, 100)}
	if format == "json" {
		return json.NewEncoder(w).Encode(s)
	}
	_, err := fmt.Fprintf(w, "%s: %d clients, %d requests in %.1fs (%.0f/s), %d errors; latency p50 %.2f ms, p95 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		s.Scenario, s.Clients, s.Requests, s.Seconds, s.Throughput, s.Errors, s.P50ms, s.P95ms, s.P99ms, s.Maxms)
	return err
}

func pct(d []time.Duration, p int) float64 {
	if len(d) == 0 {
		return 0
	}
	i := (len(d) - 1) * p / 100
	return float64(d[i].Microseconds()) / 1000
}
