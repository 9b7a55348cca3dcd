package web

import (
	"bytes"
	"cmp"
	"html"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/survey"
)

func init() {
	admin := &rapport.User{ID: 2, Name: "Ada <Admin>", Role: rapport.RoleAdmin}
	at := time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
	care := &rapport.Instrument{ID: 3, URL: survey.URLCARE, Version: "<1.0>", Title: "CARE <licensed>", Scored: true, CreatedAt: at, CreatedBy: 2}
	samplePages["instruments"] = &instrumentsPage{page: page{Title: "Survey instruments", User: admin},
		Rows:  []instrumentRow{{Instrument: care, About: aboutInstrument(care)}},
		Pager: pager{Page: 2, Total: 120, Size: 50}, CanImport: true, Form: importForm{JSON: `{"title":"<my dog>"}`, Field: importJSONField},
		Errors: formErrors{{importJSONField, "Item[0].type: item type \"date\" is not supported."}}, ErrorPath: "item[0].type"}
	q := sampleQuestionnaire()
	p, err := newInstrumentPage(care, q)
	if err != nil {
		panic(err)
	}
	p.page, p.Notice = page{Title: "CARE", User: sampleUser}, "Imported <now>."
	samplePages["instrument"] = p
}

// sampleQuestionnaire is a licensed-style instrument with placeholder wording (Rapport holds
// none of a licensed instrument's), a Spanish translation and markup to escape.
func sampleQuestionnaire() *survey.Questionnaire {
	q, err := survey.DecodeQuestionnaire(strings.NewReader(careJSON("1.0", `"_title": {"extension": [{"url": "`+survey.ExtTranslation+
		`", "extension": [{"url": "lang", "valueCode": "es"}, {"url": "content", "valueString": "CARE (es)"}]}]}, "publisher": "<my dog> Ltd",`)))
	if err != nil {
		panic(err)
	}
	return q
}

// careJSON is a licensed copy of the CARE measure as an organisation would import it, with
// placeholder item texts; extra is JSON members added after the title.
func careJSON(version, extra string) string {
	return likertJSON(survey.URLCARE, version, 10, false, extra)
}

// likertJSON is a questionnaire of n choice items with linkIds "1".."n" and placeholder texts,
// rated 1–5: with integers, options are valueInteger; otherwise coded options carrying their
// ordinalValue, and a "does not apply" option.
func likertJSON(canonical, version string, n int, integers bool, extra string) string {
	var items []string
	for i := 1; i <= n; i++ {
		var opts []string
		for v := 1; v <= 5; v++ {
			if integers {
				opts = append(opts, `{"valueInteger": `+strconv.Itoa(v)+`}`)
				continue
			}
			opts = append(opts, `{"extension": [{"url": "`+survey.ExtOrdinalValue+`", "valueDecimal": `+strconv.Itoa(v)+`}],
				"valueCoding": {"system": "https://example.org/likert", "code": "`+strconv.Itoa(v)+`", "display": "Option `+strconv.Itoa(v)+`"}}`)
		}
		if !integers {
			opts = append(opts, `{"valueCoding": {"system": "`+survey.SystemNullFlavor+`", "code": "NA", "display": "Does not apply"}}`)
		}
		items = append(items, `{"linkId": "`+strconv.Itoa(i)+`", "text": "Item `+strconv.Itoa(i)+`", "type": "choice", "answerOption": [`+strings.Join(opts, ",")+`]}`)
	}
	return `{"resourceType": "Questionnaire", "language": "en", "url": "` + canonical + `", "version": "` + version + `",
		"title": "Licensed copy", ` + extra + ` "status": "active", "item": [` + strings.Join(items, ",") + `]}`
}

// ownJSON is an organisation's own unscored check-in.
func ownJSON(version string) string {
	return `{"resourceType": "Questionnaire", "url": "https://example.org/fhir/Questionnaire/check-in", "version": "` + version + `",
		"title": "Check-in", "status": "draft", "item": [{"linkId": "q1", "text": "How was today?", "type": "text"}]}`
}

// badJSON has an item type Rapport cannot show, at item[0].type.
const badJSON = `{"resourceType": "Questionnaire", "url": "https://example.org/q", "status": "active",
	"item": [{"linkId": "when", "text": "<b>When</b>?", "type": "date"}]}`

// uploadForm is a multipart body as a browser sends the import form: a file part (empty, with
// no file name, when none was chosen) and the textarea.
func uploadForm(t *testing.T, file, pasted string) (body *bytes.Buffer, contentType string) {
	t.Helper()
	body = &bytes.Buffer{}
	w := multipart.NewWriter(body)
	name := "questionnaire.json"
	if file == "" {
		name = ""
	}
	part, err := w.CreateFormFile("file", name)
	if err == nil {
		_, err = io.WriteString(part, file)
	}
	if err == nil {
		err = w.WriteField("json", pasted)
	}
	if err == nil {
		err = w.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	return body, w.FormDataContentType()
}

// uploadInstrument sends the import form as multipart/form-data.
func uploadInstrument(t *testing.T, b *browser, file, pasted string) (*http.Response, string) {
	t.Helper()
	body, ct := uploadForm(t, file, pasted)
	return postInstrumentBody(t, b, body, ct)
}

func postInstrumentBody(t *testing.T, b *browser, body io.Reader, contentType string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest("POST", b.env.ts.URL+"/admin/instruments", body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := b.c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp, string(data)
}

// newInstrumentEnv is the admin environment with Rapport's own instruments stored, as the
// server stores them at start.
func newInstrumentEnv(t *testing.T) *adminEnv {
	e := newAdminEnv(t)
	if err := e.db.EnsureBuiltinInstruments(t.Context()); err != nil {
		t.Fatal(err)
	}
	return e
}

func (e *adminEnv) instrumentCount() int {
	e.t.Helper()
	_, total, err := e.db.ListInstruments(e.t.Context(), rapport.Page{})
	if err != nil {
		e.t.Fatal(err)
	}
	return total
}

// canonicalJSON is what export must return for an imported file: the questionnaire as
// survey.EncodeQuestionnaire writes it.
func canonicalJSON(t *testing.T, file string) string {
	t.Helper()
	q, err := survey.DecodeQuestionnaire(strings.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := survey.EncodeQuestionnaire(&buf, q); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

func TestInstrumentImportByFile(t *testing.T) {
	e := newInstrumentEnv(t)
	admin := e.signedIn("ada@example.org")
	file := careJSON("1.0", "")
	resp, body := uploadInstrument(t, admin, file, "")
	wantStatus(t, resp, body, http.StatusSeeOther)
	page := resp.Header.Get("Location")
	if !strings.HasPrefix(page, "/admin/instruments/") || !strings.HasSuffix(page, "?done=imported") {
		t.Fatalf("redirect to %q", page)
	}

	// Everyone signed in reads it: the questions, the values and the built-in rules in words.
	resp, body = e.signedIn("casey@example.org").get(page)
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Imported. Check the questions", licensedNote, html.EscapeString(builtinScoring), "Imported by your organisation",
		"<code>1</code>", "Item 10", `Option 5 <span class="muted">(code <code>5</code>)</span>: worth <strong>5</strong>`,
		`Does not apply <span class="muted">(code <code>NA</code>)</span>: <strong>does not apply</strong>`,
		"The sum of 10 items, each item worth 1 to 5: scores run from 10 to 50.",
		"Up to 2 items may be unanswered or answered “does not apply”; each counts as the mean of the answered items. With more missing there is no score.",
		"No bands: scores are shown as numbers only.", "Rapport's built-in rules for CARE measure, written from the published manual")

	// Export returns the questionnaire as survey.EncodeQuestionnaire writes it.
	id := strings.TrimSuffix(strings.TrimPrefix(page, "/admin/instruments/"), "?done=imported")
	resp, body = e.signedIn("robin@example.org").get("/admin/instruments/" + id + ".json")
	wantStatus(t, resp, body, 200)
	if body != canonicalJSON(t, file) {
		t.Errorf("export differs from the encoded import:\n%s", body)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/fhir+json" {
		t.Errorf("export content type %q", ct)
	}
	if cd := resp.Header.Get("Content-Disposition"); cd != `attachment; filename="care-measure-1.0.json"` {
		t.Errorf("export disposition %q", cd)
	}
	// What was exported imports again as the same questionnaire (here under a new version).
	if again := canonicalJSON(t, body); again != body {
		t.Errorf("export does not round-trip:\n%s", again)
	}

	// The list shows it, licensed and scored with the built-in rules, beside Rapport's own.
	resp, body = admin.get("/admin/instruments")
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Licensed copy", survey.URLCARE, licensedNote, html.EscapeString(builtinScoring),
		"Trust pulse", "Rapport&#39;s own (not validated)", "Scored with the rules in the questionnaire", `enctype="multipart/form-data"`)
}

func TestInstrumentImportByPasting(t *testing.T) {
	e := newInstrumentEnv(t)
	admin := e.signedIn("ada@example.org")
	for _, tc := range []struct {
		name string
		send func() (*http.Response, string)
	}{
		{"as a plain form", func() (*http.Response, string) {
			return admin.post("/admin/instruments", url.Values{"json": {ownJSON("1")}})
		}},
		{"in a multipart form with no file chosen", func() (*http.Response, string) { return uploadInstrument(t, admin, "", ownJSON("2")) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := tc.send()
			wantStatus(t, resp, body, http.StatusSeeOther)
			resp, body = admin.get(resp.Header.Get("Location"))
			wantStatus(t, resp, body, 200)
			wantContains(t, body, "Check-in", "How was today?", "Not scored: answers to this instrument are kept")
		})
	}
}

func TestInstrumentImportRefused(t *testing.T) {
	e := newInstrumentEnv(t)
	admin := e.signedIn("ada@example.org")
	resp, body := uploadInstrument(t, admin, careJSON("1.0", ""), "")
	wantStatus(t, resp, body, http.StatusSeeOther)
	stored := e.instrumentCount()

	for _, tc := range []struct {
		name, file, pasted string
		code               int
		want               []string
	}{
		{"invalid pasted JSON", "", badJSON, http.StatusUnprocessableEntity, []string{
			`<a href="#questionnaire-json">The questionnaire was not imported: item[0].type: item type`, "Where: <code>item[0].type</code>",
			`aria-describedby="questionnaire-json-error import-path"`, html.EscapeString(badJSON)}},
		{"invalid file", badJSON, "", http.StatusUnprocessableEntity, []string{
			`<a href="#questionnaire-file">The questionnaire was not imported: item[0].type`, "Correct the file, then choose it again.", "Where: <code>item[0].type</code>"}},
		{"broken JSON", "", `{"resourceType": "Questionnaire",`, http.StatusUnprocessableEntity, []string{`<a href="#questionnaire-json">`}},
		{"same url and version", careJSON("1.0", ""), "", http.StatusConflict, []string{
			"is already stored: give the new one another version", "A stored instrument never changes"}},
		{"a file and pasted JSON", careJSON("2.0", ""), ownJSON("1"), http.StatusUnprocessableEntity, []string{"Choose a file or paste JSON, not both"}},
		{"nothing", "", "  ", http.StatusUnprocessableEntity, []string{`<a href="#questionnaire-file">Choose a Questionnaire JSON file`}},
		{"no url", "", `{"resourceType": "Questionnaire", "status": "active"}`, http.StatusUnprocessableEntity, []string{"canonical url"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := uploadInstrument(t, admin, tc.file, tc.pasted)
			wantStatus(t, resp, body, tc.code)
			wantContains(t, body, append(tc.want, `role="alert"`)...)
		})
	}
	resp, body = postInstrumentBody(t, admin, strings.NewReader(strings.Repeat("x", maxUploadBytes+1)), "application/x-www-form-urlencoded")
	wantStatus(t, resp, body, http.StatusRequestEntityTooLarge)
	wantContains(t, body, "at most 1024 KiB")
	big, ct := uploadForm(t, strings.Repeat(" ", maxUploadBytes)+careJSON("3.0", ""), "")
	resp, body = postInstrumentBody(t, admin, big, ct)
	wantStatus(t, resp, body, http.StatusRequestEntityTooLarge)
	// A file over the importer's limit that still fits the body's is refused by the importer.
	resp, body = uploadInstrument(t, admin, strings.Repeat(" ", survey.MaxJSONBytes)+careJSON("3.0", ""), "")
	wantStatus(t, resp, body, http.StatusUnprocessableEntity)
	wantContains(t, body, "the file is larger than 1024 KiB")

	// Only an administrator imports, and only from this site.
	resp, body = e.signedIn("sam@example.org").post("/admin/instruments", url.Values{"json": {ownJSON("9")}})
	wantStatus(t, resp, body, http.StatusForbidden)
	resp, body = admin.do("POST", "/admin/instruments", url.Values{"json": {ownJSON("9")}}, http.Header{"Sec-Fetch-Site": {"cross-site"}})
	wantStatus(t, resp, body, http.StatusForbidden)
	if n := e.instrumentCount(); n != stored {
		t.Errorf("%d instruments after refused imports, want %d", n, stored)
	}
}

// TestInstrumentPages checks the rules in words for ProQOL 5 (bands and reversed items) and a
// shipped instrument's two languages.
func TestInstrumentPages(t *testing.T) {
	e := newInstrumentEnv(t)
	admin := e.signedIn("ada@example.org")
	proqol := likertJSON(survey.URLProQOL5, "5", 30, true, "")
	resp, body := admin.post("/admin/instruments", url.Values{"json": {proqol}})
	wantStatus(t, resp, body, http.StatusSeeOther)
	resp, body = admin.get(resp.Header.Get("Location"))
	wantStatus(t, resp, body, 200)
	wantContains(t, body, licensedNote, "Compassion satisfaction <code>compassion_satisfaction</code>", "Burnout <code>burnout</code>",
		"Items: 1, 4, 8, 10, 15, 17, 19, 21, 26, 29.", "Reverse-scored: 1, 4, 15, 17, 29 (an answer worth v counts as 6 − v).",
		"<li>low: 10 up to (not including) 23</li>", "<li>moderate: 23 up to (not including) 42</li>", "<li>high: 42 to 50</li>",
		"Every item must be answered", "<li>1: worth <strong>1</strong></li>", "Item 30")

	pulse, err := e.db.FindInstrumentByURL(t.Context(), survey.URLTrustPulse)
	if err != nil {
		t.Fatal(err)
	}
	casey := e.signedIn("casey@example.org")
	resp, body = casey.get("/admin/instruments/" + strconv.FormatInt(pulse.ID, 10))
	wantStatus(t, resp, body, 200)
	wantContains(t, body, "Rapport&#39;s own (not validated)", "<th scope=\"col\">Text (English)</th>", "<th scope=\"col\">Text (Spanish)</th>",
		"I trust my case manager.", "Confío en la persona que lleva mi caso.", "The mean of 5 items")
	if strings.Contains(body, licensedNote) || strings.Contains(body, "no translation") {
		t.Error("Rapport's own instrument is shown as licensed, or as missing a translation")
	}
	heard, err := e.db.FindInstrumentByURL(t.Context(), survey.URLFeltHeard)
	if err != nil {
		t.Fatal(err)
	}
	_, body = casey.get("/admin/instruments/" + strconv.FormatInt(heard.ID, 10))
	// "No" is the same word in both languages, and is still a translation.
	wantContains(t, body, `No / No <span class="muted">(code <code>1</code>)</span>: worth <strong>1</strong>`)
	resp, body = casey.get("/admin/instruments")
	wantStatus(t, resp, body, 200)
	if strings.Contains(body, "Import an instrument") {
		t.Error("a case manager is offered the import form")
	}
}

// TestInstrumentRoutesByRole checks every page route of this feature for the care-team case
// manager, the same-team supervisor, another team's case manager, an admin not on any care
// team and a visitor. Instruments hold no client data: everyone signed in reads them; only
// admins import. A visitor is sent to sign in, or, sending the form, asked to sign in to
// resume it (401).
func TestInstrumentRoutesByRole(t *testing.T) {
	coverRoutes(t)
	e := newInstrumentEnv(t)
	pulse, err := e.db.FindInstrumentByURL(t.Context(), survey.URLTrustPulse)
	if err != nil {
		t.Fatal(err)
	}
	one := "/admin/instruments/" + strconv.FormatInt(pulse.ID, 10)
	routes := []struct {
		method, path string
		form         url.Values
		want         [5]int // casey, sam, robin, ada, visitor
	}{
		{"GET", "/admin/instruments", nil, [5]int{200, 200, 200, 200, 303}},
		{"GET", one, nil, [5]int{200, 200, 200, 200, 303}},
		{"GET", one + ".json", nil, [5]int{200, 200, 200, 200, 303}},
		{"GET", "/admin/instruments/999999", nil, [5]int{404, 404, 404, 404, 303}},
		{"GET", "/admin/instruments/abc.json", nil, [5]int{404, 404, 404, 404, 303}},
		{"POST", "/admin/instruments", url.Values{"json": {ownJSON("1")}}, [5]int{403, 403, 403, 303, 401}},
	}
	callers := []string{"casey@example.org", "sam@example.org", "robin@example.org", "ada@example.org", ""}
	browsers := make([]*browser, len(callers))
	for i, who := range callers {
		browsers[i] = e.browser()
		if who != "" {
			browsers[i].login(who)
		}
	}
	for _, r := range routes {
		for j, who := range callers {
			t.Run(r.method+" "+r.path+" as "+cmp.Or(who, "visitor"), func(t *testing.T) {
				resp, body := browsers[j].do(r.method, r.path, r.form, nil)
				if resp.StatusCode != r.want[j] {
					t.Errorf("status %d, want %d\n%.400s", resp.StatusCode, r.want[j], body)
				}
			})
		}
	}
}

func TestMissingInWords(t *testing.T) {
	for _, tc := range []struct {
		m    survey.Missing
		want string
	}{
		{survey.Missing{}, "Every item must be answered (“does not apply” counts as unanswered); otherwise there is no score."},
		{survey.Missing{MaxMissing: 1}, "Up to 1 item may be unanswered or answered “does not apply”. With more missing there is no score."},
		{survey.Missing{MaxMissing: 3, MinAnswered: 0.75, Replace: survey.ReplaceMean},
			"Up to 3 items may be unanswered or answered “does not apply”; each counts as the mean of the answered items, as long as at least 75% of the items are answered. With more missing there is no score."},
	} {
		if got := missingInWords(tc.m); got != tc.want {
			t.Errorf("missingInWords(%+v) =\n%s\nwant\n%s", tc.m, got, tc.want)
		}
	}
}

func TestTextInLang(t *testing.T) {
	es := func(lang, content string) *survey.Element {
		return &survey.Element{Extension: []survey.Extension{{URL: survey.ExtTranslation, Extension: []survey.Extension{
			{URL: "lang", ValueCode: &lang}, {URL: "content", ValueString: &content}}}}}
	}
	for _, tc := range []struct {
		name, lang string
		el         *survey.Element
		want       string
	}{
		{"the original language", "en", es("es", "Sí"), "Yes"},
		{"a translation", "es", es("es", "Sí"), "Sí"},
		{"a translation that reads the same", "es", es("es", "Yes"), "Yes"},
		{"no translation into it", "fr", es("es", "Sí"), ""},
		{"no translations at all", "es", nil, ""},
		{"another extension", "es", &survey.Element{Extension: []survey.Extension{{URL: survey.ExtOrdinalValue}}}, ""},
	} {
		if got := textInLang("Yes", tc.el, tc.lang, "en"); got != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestInstrumentFileName(t *testing.T) {
	for _, tc := range []struct {
		url, version, want string
	}{
		{survey.URLCARE, "1.0", "care-measure-1.0.json"},
		{survey.URLTrustPulse, "", "trust-pulse.json"},
		{"https://example.org/q/", "", "instrument-7.json"},
		{`https://example.org/"a b"`, `1;"x"`, "ab-1x.json"},
		{"urn:uuid:53fefa32", "..", "53fefa32.json"},
		{"", "..", "instrument-7.json"},
	} {
		if got := instrumentFileName(&rapport.Instrument{ID: 7, URL: tc.url, Version: tc.version}); got != tc.want {
			t.Errorf("instrumentFileName(%q, %q) = %q, want %q", tc.url, tc.version, got, tc.want)
		}
	}
}

// FuzzImportForm reads whatever body a browser (or an attacker) sends to the import form as
// the handler does: the multipart parse, the choice between file and pasted JSON, the decoder.
// It never panics; refusals are EINVALID; what decodes exports and imports unchanged.
func FuzzImportForm(f *testing.F) {
	const boundary = "rapportfuzz"
	part := func(name, filename, content string) string {
		disp := `form-data; name="` + name + `"`
		if filename != "" {
			disp += `; filename="` + filename + `"`
		}
		return "--" + boundary + "\r\nContent-Disposition: " + disp + "\r\n\r\n" + content + "\r\n"
	}
	end := "--" + boundary + "--\r\n"
	f.Add([]byte(part("file", "q.json", ownJSON("1")) + part("json", "", "") + end))
	f.Add([]byte(part("file", "", "") + part("json", "", ownJSON("1")) + end))
	f.Add([]byte(part("file", "q.json", badJSON) + part("json", "", ownJSON("1")) + end))
	f.Add([]byte(part("file", "q.json", `{"resourceType":`) + end))
	f.Add([]byte(part("json", "", "x") + part("json", "", "y") + end))
	f.Add([]byte("--" + boundary + "\r\nContent-Disposition: form-data\r\n\r\n"))
	f.Fuzz(func(t *testing.T, body []byte) {
		r, err := http.NewRequest("POST", "/admin/instruments", bytes.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		r.Header.Set("Content-Type", "multipart/form-data; boundary="+boundary)
		if parseUpload(r) != nil {
			return
		}
		defer r.MultipartForm.RemoveAll()
		_, data, err := readImportForm(r)
		if err == nil {
			var q *survey.Questionnaire
			if q, err = survey.DecodeQuestionnaire(bytes.NewReader(data)); err == nil {
				var out bytes.Buffer
				if err := survey.EncodeQuestionnaire(&out, q); err != nil {
					t.Fatalf("encoding an accepted questionnaire: %v", err)
				}
				if again := canonicalJSON(t, out.String()); again != out.String() {
					t.Fatalf("export of an accepted questionnaire does not import unchanged:\n%s\n%s", out.String(), again)
				}
				return
			}
		}
		if code := rapport.ErrorCode(err); code != rapport.EINVALID {
			t.Fatalf("refusal %v has code %q, want EINVALID", err, code)
		}
	})
}
