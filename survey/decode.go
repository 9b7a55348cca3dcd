package survey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/rapporthq/rapport"
)

// Limits on imported JSON. A questionnaire comes from an admin's file or the
// API, so a hostile or broken file must fail fast rather than exhaust memory.
const (
	MaxJSONBytes   = 1 << 20 // a long instrument with two translations is ~100 KiB
	MaxJSONDepth   = 48      // objects and arrays nested, which bounds item nesting too
	MaxItems       = 500     // items in one questionnaire or response, all levels
	MaxOptions     = 100     // answer options of one item
	MaxStringRunes = 10000   // any one string
	maxLinkIDRunes = 255     // FHIR R4: linkId is at most 255 characters
	maxWeight      = 1e6     // weights and scale ends; keeps every sum finite
)

// InputError is a problem with imported JSON, at a path written the way a
// person would find it in the file: `item[3].answerOption[1].valueCoding.code`.
// Array indices count from 0. It unwraps to a rapport.Error with code
// EINVALID, so the HTTP layer answers 400/422 with the message.
type InputError struct {
	Path    string
	Message string
}

func (e *InputError) Error() string {
	if e.Path == "" {
		return e.Message
	}
	return e.Path + ": " + e.Message
}

func (e *InputError) Unwrap() error { return rapport.Errorf(rapport.EINVALID, "%s", e.Error()) }

func errAt(path, format string, args ...any) error {
	return &InputError{Path: path, Message: fmt.Sprintf(format, args...)}
}

// object is a decoded JSON object whose keys must each be read once: done
// reports the first key nobody read, so an unknown or misspelt field is an
// error instead of being silently dropped.
type object struct {
	path   string
	fields map[string]any
	order  []string // keys as they appeared, so errors point at the first
	used   map[string]bool
}

// readJSON reads at most MaxJSONBytes, checks the encoding and nesting, and
// returns the value as a tree of *object, []any, string, json.Number, bool
// and nil.
func readJSON(r io.Reader) (any, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxJSONBytes+1))
	if err != nil {
		return nil, fmt.Errorf("survey: reading JSON: %w", err)
	}
	switch {
	case len(data) > MaxJSONBytes:
		return nil, errAt("", "the file is larger than %d KiB", MaxJSONBytes>>10)
	case !utf8.Valid(data):
		return nil, errAt("", "the file is not valid UTF-8 text")
	}
	if err := checkDepth(data); err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	v, err := decodeValue(dec, "")
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errAt("", "unexpected data after the end of the JSON value")
	}
	return v, nil
}

// checkDepth refuses deeply nested JSON before the decoder recurses into it.
func checkDepth(data []byte) error {
	depth, inString, escaped := 0, false, false
	for _, c := range data {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case inString:
		case c == '{' || c == '[':
			if depth++; depth > MaxJSONDepth {
				return errAt("", "JSON is nested more than %d levels deep", MaxJSONDepth)
			}
		case c == '}' || c == ']':
			depth--
		}
	}
	return nil
}

// decodeValue reads one value from the token stream, refusing duplicate keys:
// with two "linkId" keys in one object, which one counts is ambiguous.
func decodeValue(dec *json.Decoder, path string) (any, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, syntaxError(dec, err)
	}
	switch tok {
	case json.Delim('{'):
		o := &object{path: path, fields: map[string]any{}, used: map[string]bool{}}
		for dec.More() {
			keyTok, err := dec.Token()
			if err != nil {
				return nil, syntaxError(dec, err)
			}
			key := keyTok.(string) // the decoder guarantees a string key here
			if _, dup := o.fields[key]; dup {
				return nil, errAt(join(path, key), "the key appears twice in one object")
			}
			v, err := decodeValue(dec, join(path, key))
			if err != nil {
				return nil, err
			}
			o.fields[key] = v
			o.order = append(o.order, key)
		}
		_, err := dec.Token() // the closing brace
		return o, syntaxErrorOrNil(dec, err)
	case json.Delim('['):
		var arr []any
		for dec.More() {
			v, err := decodeValue(dec, fmt.Sprintf("%s[%d]", path, len(arr)))
			if err != nil {
				return nil, err
			}
			arr = append(arr, v)
		}
		_, err := dec.Token()
		return arr, syntaxErrorOrNil(dec, err)
	}
	return tok, nil
}

func syntaxErrorOrNil(dec *json.Decoder, err error) error {
	if err == nil {
		return nil
	}
	return syntaxError(dec, err)
}

// syntaxError reports malformed JSON by byte offset, since there is no path
// inside something that does not parse.
func syntaxError(dec *json.Decoder, err error) error {
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
		return errAt("", "the JSON ends too early")
	}
	return errAt("", "the JSON is malformed near byte %d: %s", dec.InputOffset(),
		strings.TrimPrefix(err.Error(), "json: "))
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// asObject requires v to be an object.
func asObject(v any, path string) (*object, error) {
	o, ok := v.(*object)
	if !ok {
		return nil, errAt(path, "must be a JSON object")
	}
	return o, nil
}

// take marks key as read and returns its value and path.
func (o *object) take(key string) (any, string, bool) {
	v, ok := o.fields[key]
	o.used[key] = true
	return v, join(o.path, key), ok
}

// done reports the first key that was neither read nor listed as ignored.
func (o *object) done(ignored ...string) error {
	for _, key := range o.order {
		if o.used[key] || slices.Contains(ignored, key) {
			continue
		}
		if key == "modifierExtension" {
			return errAt(join(o.path, key), "modifier extensions change the meaning of the resource and Rapport cannot honour them")
		}
		return errAt(join(o.path, key), "unknown or unsupported field")
	}
	return nil
}

// str reads an optional string field.
func (o *object) str(key string) (string, error) {
	v, path, ok := o.take(key)
	if !ok {
		return "", nil
	}
	return asString(v, path)
}

// required reads a string field that must be present and not blank.
func (o *object) required(key string) (string, error) {
	v, path, ok := o.take(key)
	if !ok {
		return "", errAt(path, "is required")
	}
	s, err := asString(v, path)
	if err == nil && strings.TrimSpace(s) == "" {
		err = errAt(path, "must not be empty")
	}
	return s, err
}

func asString(v any, path string) (string, error) {
	s, ok := v.(string)
	switch {
	case !ok:
		return "", errAt(path, "must be a string")
	case strings.ContainsRune(s, 0):
		return "", errAt(path, "contains a NUL character")
	case utf8.RuneCountInString(s) > MaxStringRunes:
		return "", errAt(path, "is longer than %d characters", MaxStringRunes)
	}
	return s, nil
}

// strPtr reads an optional string field that must be kept absent when absent.
func (o *object) strPtr(key string) (*string, error) {
	v, path, ok := o.take(key)
	if !ok {
		return nil, nil
	}
	s, err := asString(v, path)
	return &s, err
}

// boolean reads an optional boolean field.
func (o *object) boolean(key string) (*bool, error) {
	v, path, ok := o.take(key)
	if !ok {
		return nil, nil
	}
	b, isBool := v.(bool)
	if !isBool {
		return nil, errAt(path, "must be true or false")
	}
	return &b, nil
}

// integer reads an optional whole-number field.
func (o *object) integer(key string) (*int64, error) {
	v, path, ok := o.take(key)
	if !ok {
		return nil, nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return nil, errAt(path, "must be a whole number")
	}
	i, err := strconv.ParseInt(string(n), 10, 32) // FHIR integers are 32-bit
	if err != nil {
		return nil, errAt(path, "must be a whole number between -2147483648 and 2147483647")
	}
	return &i, nil
}

// decimal reads an optional decimal field; what names the value in errors
// ("ordinal value"), so a person knows what the number was for.
func (o *object) decimal(key, what string) (*Decimal, error) {
	v, path, ok := o.take(key)
	if !ok {
		return nil, nil
	}
	n, isNum := v.(json.Number)
	if !isNum {
		return nil, errAt(path, "%s must be a number", what)
	}
	f, err := strconv.ParseFloat(string(n), 64)
	if err != nil || math.IsInf(f, 0) {
		return nil, errAt(path, "%s must be a finite number", what)
	}
	d := Decimal(n)
	return &d, nil
}

// array reads an optional array field, at most max long.
func (o *object) array(key string, max int) ([]any, string, error) {
	v, path, ok := o.take(key)
	if !ok {
		return nil, path, nil
	}
	arr, isArr := v.([]any)
	switch {
	case !isArr:
		return nil, path, errAt(path, "must be a JSON array")
	case len(arr) == 0:
		return nil, path, errAt(path, "must not be an empty array (leave the field out instead)")
	case len(arr) > max:
		return nil, path, errAt(path, "has %d entries; at most %d are allowed", len(arr), max)
	}
	return arr, path, nil
}

// oneOf requires s to be one of the allowed values.
func oneOf(path, s string, allowed ...string) error {
	if slices.Contains(allowed, s) {
		return nil
	}
	return errAt(path, "%q is not allowed; use one of %s", s, strings.Join(allowed, ", "))
}

// checkCode checks a FHIR code: no leading or trailing space, no tabs or line
// breaks, not empty.
func checkCode(path, s string) error {
	if s == "" || strings.TrimSpace(s) != s || strings.ContainsAny(s, "\t\r\n") {
		return errAt(path, "must be a code: not empty, without leading or trailing spaces or line breaks")
	}
	return nil
}

// checkLanguage accepts a BCP 47 tag in the simple form FHIR uses: "en",
// "es", "es-MX", "zh-Hant-TW".
func checkLanguage(path, s string) error {
	parts := strings.Split(s, "-")
	for i, p := range parts {
		ok := len(p) >= 1 && len(p) <= 8
		for _, c := range p {
			ok = ok && (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || i > 0 && c >= '0' && c <= '9')
		}
		if !ok || i == 0 && (len(p) < 2 || len(p) > 3) {
			return errAt(path, "%q is not a language tag such as \"en\" or \"es-MX\"", s)
		}
	}
	return nil
}
