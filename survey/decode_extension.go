package survey

import "slices"

// weightNames name each weight extension in error messages.
var weightNames = map[string]string{ExtOrdinalValue: "ordinal value", ExtItemWeight: "item weight"}

// extension reads one extension. One whose URL is not among known is only
// checked to be an object with a url and reported as unknown (known=false),
// for the caller to drop; a known one is read strictly by its kind.
func extension(v any, path string, known ...string) (ext Extension, isKnown bool, err error) {
	o, err := asObject(v, path)
	if err != nil {
		return ext, false, err
	}
	u, err := o.required("url")
	if err != nil {
		return ext, false, err
	}
	if !slices.Contains(known, u) {
		return ext, false, nil
	}
	switch u {
	case ExtOrdinalValue, ExtItemWeight:
		ext, err = weightExtension(o, u)
	case ExtTranslation:
		ext, err = translationExtension(o)
	default:
		ext, err = genericExtension(o, u)
	}
	return ext, err == nil, err
}

// weightExtension reads an ordinalValue or itemWeight: a valueDecimal only.
func weightExtension(o *object, u string) (Extension, error) {
	what := weightNames[u]
	ext := Extension{URL: u}
	d, err := o.decimal("valueDecimal", what)
	if err != nil {
		return ext, err
	}
	for _, key := range o.order {
		if key != "url" && key != "valueDecimal" && key != "id" {
			return ext, errAt(join(o.path, key), "%s must be a number given as valueDecimal", what)
		}
	}
	switch {
	case d == nil:
		return ext, errAt(o.path, "%s needs a valueDecimal", what)
	case d.Float64() < -maxWeight || d.Float64() > maxWeight:
		return ext, errAt(join(o.path, "valueDecimal"), "%s must be between %g and %g", what, -maxWeight, maxWeight)
	}
	ext.ValueDecimal = d
	return ext, o.done("id")
}

// translationExtension reads a FHIR translation: "lang" (a language code)
// and "content" (the translated text), each exactly once.
func translationExtension(o *object) (Extension, error) {
	ext := Extension{URL: ExtTranslation}
	arr, path, err := o.array("extension", 2)
	if err != nil {
		return ext, err
	}
	for i, v := range arr {
		p := index(path, i)
		po, err := asObject(v, p)
		if err != nil {
			return ext, err
		}
		part, err := translationPart(po)
		if err != nil {
			return ext, err
		}
		ext.Extension = append(ext.Extension, part)
	}
	if err := o.done("id"); err != nil {
		return ext, err
	}
	lang, content := translation(ext)
	if lang == "" || content == "" {
		return ext, errAt(o.path, "a translation needs one \"lang\" (valueCode) and one \"content\" (valueString)")
	}
	return ext, nil
}

func translationPart(o *object) (Extension, error) {
	u, err := o.required("url")
	if err != nil {
		return Extension{}, err
	}
	part := Extension{URL: u}
	switch u {
	case "lang":
		part.ValueCode, err = o.strPtr("valueCode")
		if err == nil && part.ValueCode != nil {
			err = checkLanguage(join(o.path, "valueCode"), *part.ValueCode)
		}
	case "content":
		part.ValueString, err = o.strPtr("valueString")
	default:
		err = errAt(join(o.path, "url"), "a translation has only \"lang\" and \"content\" parts")
	}
	if err != nil {
		return part, err
	}
	return part, o.done("id")
}

// genericExtension reads an extension whose meaning the caller checks
// afterwards (Rapport's scoring rules): a url and either one value or nested
// extensions, as FHIR's rule ext-1 requires.
func genericExtension(o *object, u string) (Extension, error) {
	ext := Extension{URL: u}
	arr, path, err := o.array("extension", MaxItems)
	if err != nil {
		return ext, err
	}
	for i, v := range arr {
		po, err := asObject(v, index(path, i))
		if err != nil {
			return ext, err
		}
		pu, err := po.required("url")
		if err != nil {
			return ext, err
		}
		part, err := genericExtension(po, pu)
		if err != nil {
			return ext, err
		}
		ext.Extension = append(ext.Extension, part)
	}
	err = firstErr(
		func() (err error) { ext.ValueBoolean, err = o.boolean("valueBoolean"); return },
		func() (err error) { ext.ValueCode, err = o.strPtr("valueCode"); return },
		func() (err error) { ext.ValueCoding, err = optionalCoding(o, "valueCoding"); return },
		func() (err error) { ext.ValueDecimal, err = o.decimal("valueDecimal", "the value"); return },
		func() (err error) { ext.ValueInteger, err = o.integer("valueInteger"); return },
		func() (err error) { ext.ValueString, err = o.strPtr("valueString"); return },
		func() error { return o.done("id") },
	)
	if err != nil {
		return ext, err
	}
	if n := valueCount(ext); n > 1 || n == 1 && len(ext.Extension) > 0 || n == 0 && len(ext.Extension) == 0 {
		return ext, errAt(o.path, "an extension needs either one value or nested extensions")
	}
	return ext, nil
}

func valueCount(e Extension) int {
	n := 0
	for _, set := range []bool{e.ValueBoolean != nil, e.ValueCode != nil, e.ValueCoding != nil,
		e.ValueDecimal != nil, e.ValueInteger != nil, e.ValueString != nil} {
		if set {
			n++
		}
	}
	return n
}
