package survey

import "fmt"

// Rules travel inside a Questionnaire as one complex extension (ExtScoring),
// so an admin's imported instrument carries its own scoring. Its parts, each
// a nested extension named by a short url:
//
//	name            valueString   the instrument's short name (optional)
//	subscale        nested, one or more:
//	  code            valueCode     required, unique
//	  name            valueString
//	  method          valueCode     sum | mean
//	  itemMin/itemMax valueDecimal  the value range of one item
//	  item            valueString   a linkId, one part per item, in order
//	  reversed        valueString   a reverse-scored linkId
//	  maxMissing      valueInteger  (default 0)
//	  minAnswered     valueDecimal  a fraction 0–1 (default 0: no fraction rule)
//	  replaceMissing  valueCode     none | mean (default none)
//	  band            nested: label (valueString), min (valueDecimal)
//	weight          nested: code (valueCoding), value (valueDecimal)
//	notApplicable   valueCoding   an answer code meaning "does not apply"

// Extension returns the rules as an ExtScoring extension.
func (r *Rules) Extension() Extension {
	ext := Extension{URL: ExtScoring}
	if r.Name != "" {
		ext.Extension = append(ext.Extension, strPart("name", r.Name))
	}
	for i := range r.Subscales {
		ext.Extension = append(ext.Extension, r.Subscales[i].extension())
	}
	for _, w := range r.Weights {
		ext.Extension = append(ext.Extension, Extension{URL: "weight", Extension: []Extension{
			{URL: "code", ValueCoding: &Coding{System: w.System, Code: w.Code.Code}},
			{URL: "value", ValueDecimal: DecimalOf(w.Value)},
		}})
	}
	for _, na := range r.NotApplicable {
		ext.Extension = append(ext.Extension, Extension{URL: "notApplicable", ValueCoding: &Coding{System: na.System, Code: na.Code}})
	}
	return ext
}

func (s *Subscale) extension() Extension {
	parts := []Extension{codePart("code", s.Code)}
	if s.Name != "" {
		parts = append(parts, strPart("name", s.Name))
	}
	parts = append(parts, codePart("method", string(s.Method)),
		Extension{URL: "itemMin", ValueDecimal: DecimalOf(s.ItemMin)},
		Extension{URL: "itemMax", ValueDecimal: DecimalOf(s.ItemMax)})
	for _, id := range s.Items {
		parts = append(parts, strPart("item", id))
	}
	for _, id := range s.Reversed {
		parts = append(parts, strPart("reversed", id))
	}
	maxMissing := int64(s.Missing.MaxMissing)
	parts = append(parts, Extension{URL: "maxMissing", ValueInteger: &maxMissing})
	if s.Missing.MinAnswered > 0 {
		parts = append(parts, Extension{URL: "minAnswered", ValueDecimal: DecimalOf(s.Missing.MinAnswered)})
	}
	if s.Missing.Replace == ReplaceMean {
		parts = append(parts, codePart("replaceMissing", string(ReplaceMean)))
	}
	for _, b := range s.Bands {
		parts = append(parts, Extension{URL: "band", Extension: []Extension{
			strPart("label", b.Label), {URL: "min", ValueDecimal: DecimalOf(b.Min)},
		}})
	}
	return Extension{URL: "subscale", Extension: parts}
}

func strPart(u, s string) Extension  { return Extension{URL: u, ValueString: &s} }
func codePart(u, s string) Extension { return Extension{URL: u, ValueCode: &s} }

// rulesFromExtension reads and validates rules from an ExtScoring extension
// found at path.
func rulesFromExtension(ext Extension, path string) (*Rules, error) {
	r := &Rules{}
	var subPaths []string
	names := 0
	for i, part := range ext.Extension {
		p := fmt.Sprintf("%s.extension[%d]", path, i)
		var err error
		switch part.URL {
		case "name":
			names++
			r.Name, err = partString(part, p, names)
		case "subscale":
			var s Subscale
			s, err = subscaleFromExtension(part, p)
			r.Subscales = append(r.Subscales, s)
			subPaths = append(subPaths, p)
		case "weight":
			var w CodeWeight
			w, err = weightFromExtension(part, p)
			r.Weights = append(r.Weights, w)
		case "notApplicable":
			var c Code
			c, err = partCode(part, p)
			r.NotApplicable = append(r.NotApplicable, c)
		default:
			err = errAt(p+".url", "%q is not a part of Rapport's scoring rules; see docs/surveys.md", part.URL)
		}
		if err != nil {
			return nil, err
		}
	}
	if err := r.validate(path, subPaths); err != nil {
		return nil, err
	}
	return r, nil
}

// subscaleFromExtension reads one "subscale" part. Single-valued parts may
// appear once; item, reversed and band repeat.
func subscaleFromExtension(ext Extension, path string) (Subscale, error) {
	var s Subscale
	seen := map[string]int{}
	for i, part := range ext.Extension {
		p := fmt.Sprintf("%s.extension[%d]", path, i)
		seen[part.URL]++
		n := seen[part.URL]
		var err error
		switch part.URL {
		case "code":
			s.Code, err = partCodeValue(part, p, n)
		case "name":
			s.Name, err = partString(part, p, n)
		case "method":
			var m string
			m, err = partCodeValue(part, p, n)
			s.Method = Method(m)
		case "itemMin":
			s.ItemMin, err = partDecimal(part, p, n)
		case "itemMax":
			s.ItemMax, err = partDecimal(part, p, n)
		case "item", "reversed":
			var id string
			id, err = partString(part, p, 1)
			if part.URL == "item" {
				s.Items = append(s.Items, id)
			} else {
				s.Reversed = append(s.Reversed, id)
			}
		case "maxMissing":
			s.Missing.MaxMissing, err = partInt(part, p, n)
		case "minAnswered":
			s.Missing.MinAnswered, err = partDecimal(part, p, n)
		case "replaceMissing":
			s.Missing.Replace, err = replaceFromPart(part, p, n)
		case "band":
			var b Band
			b, err = bandFromExtension(part, p)
			s.Bands = append(s.Bands, b)
		default:
			err = errAt(p+".url", "%q is not a part of a scoring subscale; see docs/surveys.md", part.URL)
		}
		if err != nil {
			return s, err
		}
	}
	if seen["itemMin"] == 0 || seen["itemMax"] == 0 || seen["method"] == 0 {
		return s, errAt(path, "a subscale needs method, itemMin and itemMax")
	}
	return s, nil
}

func bandFromExtension(ext Extension, path string) (Band, error) {
	var b Band
	seen := map[string]int{}
	for i, part := range ext.Extension {
		p := fmt.Sprintf("%s.extension[%d]", path, i)
		seen[part.URL]++
		var err error
		switch part.URL {
		case "label":
			b.Label, err = partString(part, p, seen[part.URL])
		case "min":
			b.Min, err = partDecimal(part, p, seen[part.URL])
		default:
			err = errAt(p+".url", "a band has only \"label\" and \"min\"")
		}
		if err != nil {
			return b, err
		}
	}
	if seen["label"] == 0 || seen["min"] == 0 {
		return b, errAt(path, "a band needs a label and a min")
	}
	return b, nil
}

func weightFromExtension(ext Extension, path string) (CodeWeight, error) {
	var w CodeWeight
	seen := map[string]int{}
	for i, part := range ext.Extension {
		p := fmt.Sprintf("%s.extension[%d]", path, i)
		seen[part.URL]++
		var err error
		switch {
		case seen[part.URL] > 1:
			err = errAt(p, "%q is given twice", part.URL)
		case part.URL == "code":
			w.Code, err = partCode(part, p)
		case part.URL == "value":
			w.Value, err = partDecimal(part, p, 1)
		default:
			err = errAt(p+".url", "a weight has only \"code\" and \"value\"")
		}
		if err != nil {
			return w, err
		}
	}
	if seen["code"] == 0 || seen["value"] == 0 {
		return w, errAt(path, "a weight needs a code and a value")
	}
	return w, nil
}

// The part readers check a part's value type and that a single-valued part
// (n counts its occurrences) is not repeated.

func partString(e Extension, path string, n int) (string, error) {
	switch {
	case n > 1:
		return "", errAt(path, "%q is given twice", e.URL)
	case e.ValueString == nil:
		return "", errAt(path, "%q needs a valueString", e.URL)
	}
	return *e.ValueString, nil
}

func partCodeValue(e Extension, path string, n int) (string, error) {
	switch {
	case n > 1:
		return "", errAt(path, "%q is given twice", e.URL)
	case e.ValueCode == nil:
		return "", errAt(path, "%q needs a valueCode", e.URL)
	}
	return *e.ValueCode, nil
}

func partDecimal(e Extension, path string, n int) (float64, error) {
	switch {
	case n > 1:
		return 0, errAt(path, "%q is given twice", e.URL)
	case e.ValueDecimal == nil:
		return 0, errAt(path, "%q needs a valueDecimal", e.URL)
	}
	return e.ValueDecimal.Float64(), nil
}

func partInt(e Extension, path string, n int) (int, error) {
	switch {
	case n > 1:
		return 0, errAt(path, "%q is given twice", e.URL)
	case e.ValueInteger == nil:
		return 0, errAt(path, "%q needs a valueInteger", e.URL)
	}
	return int(*e.ValueInteger), nil
}

// replaceFromPart reads replaceMissing: "none" (the default) or "mean".
func replaceFromPart(e Extension, path string, n int) (Replace, error) {
	code, err := partCodeValue(e, path, n)
	switch {
	case err != nil:
		return ReplaceNone, err
	case code == "none":
		return ReplaceNone, nil
	case code == string(ReplaceMean):
		return ReplaceMean, nil
	}
	return ReplaceNone, errAt(path+".valueCode", "%q is not allowed; use none or mean", code)
}

func partCode(e Extension, path string) (Code, error) {
	if e.ValueCoding == nil {
		return Code{}, errAt(path, "%q needs a valueCoding", e.URL)
	}
	return Code{System: e.ValueCoding.System, Code: e.ValueCoding.Code}, nil
}
