package survey

import "io"

var ignoredResponse = []string{"meta", "text", "implicitRules", "identifier", "basedOn", "partOf",
	"subject", "encounter", "author", "source", "_status", "_authored"}

var responseStatuses = []string{"in-progress", "completed", "amended", "entered-in-error", "stopped"}

// DecodeResponse reads a FHIR R4 QuestionnaireResponse from JSON and checks
// its structure, with the same limits and precise errors as
// DecodeQuestionnaire. Whether the answers fit the questionnaire is checked
// by Scorer.Score. Who answered (subject, author) is not read: Rapport keeps
// that in its own records, not in the resource.
func DecodeResponse(r io.Reader) (*QuestionnaireResponse, error) {
	tree, err := readJSON(r)
	if err != nil {
		return nil, err
	}
	o, err := asObject(tree, "")
	if err != nil {
		return nil, err
	}
	rt, err := o.required("resourceType")
	if err != nil {
		return nil, err
	}
	if rt != "QuestionnaireResponse" {
		return nil, errAt("resourceType", "is %q; Rapport reads only a QuestionnaireResponse here", rt)
	}
	resp := &QuestionnaireResponse{ResourceType: rt}
	count := 0
	err = firstErr(
		func() (err error) { resp.ID, err = resourceID(o); return },
		func() (err error) { resp.Language, err = language(o); return },
		func() (err error) { resp.Questionnaire, err = canonical(o, "questionnaire"); return },
		func() (err error) { resp.Status, err = status(o, responseStatuses...); return },
		func() (err error) { resp.Authored, err = dateTime(o, "authored"); return },
		func() (err error) { resp.Item, err = responseItems(o, &count); return },
		func() error { return o.done(ignoredResponse...) },
	)
	if err != nil {
		return nil, err
	}
	return resp, nil
}

func responseItems(o *object, count *int) ([]ResponseItem, error) {
	arr, path, err := o.array("item", MaxItems)
	if err != nil {
		return nil, err
	}
	var items []ResponseItem
	for i, v := range arr {
		if *count++; *count > MaxItems {
			return nil, errAt(index(path, i), "the response has more than %d items", MaxItems)
		}
		obj, err := asObject(v, index(path, i))
		if err != nil {
			return nil, err
		}
		var ri ResponseItem
		err = firstErr(
			func() (err error) { ri.LinkID, err = obj.required("linkId"); return },
			func() (err error) { ri.Text, err = obj.str("text"); return },
			func() (err error) { ri.Answer, err = answers(obj); return },
			func() (err error) { ri.Item, err = responseItems(obj, count); return },
			func() error { return obj.done("definition") },
		)
		if err != nil {
			return nil, err
		}
		items = append(items, ri)
	}
	return items, nil
}

func answers(o *object) ([]Answer, error) {
	arr, path, err := o.array("answer", MaxOptions)
	if err != nil {
		return nil, err
	}
	var out []Answer
	for i, v := range arr {
		ao, err := asObject(v, index(path, i))
		if err != nil {
			return nil, err
		}
		var a Answer
		err = firstErr(
			func() (err error) { a.ValueBoolean, err = ao.boolean("valueBoolean"); return },
			func() (err error) { a.ValueDecimal, err = ao.decimal("valueDecimal", "the answer"); return },
			func() (err error) { a.ValueInteger, err = ao.integer("valueInteger"); return },
			func() (err error) { a.ValueString, err = ao.strPtr("valueString"); return },
			func() (err error) { a.ValueCoding, err = optionalCoding(ao, "valueCoding"); return },
			func() error { return ao.done() },
		)
		if err != nil {
			return nil, err
		}
		if answerValues(a) != 1 {
			return nil, errAt(ao.path, "an answer needs exactly one value (valueCoding, valueInteger, valueDecimal, valueString or valueBoolean)")
		}
		out = append(out, a)
	}
	return out, nil
}

func answerValues(a Answer) int {
	n := 0
	for _, set := range []bool{a.ValueBoolean != nil, a.ValueDecimal != nil, a.ValueInteger != nil, a.ValueString != nil, a.ValueCoding != nil} {
		if set {
			n++
		}
	}
	return n
}
