package web

import (
	"testing"

	"github.com/jba/templatecheck"
)

// TestTemplatecheck type-checks every page template against the data type its handler passes,
// so a misspelt field fails here rather than in front of a case manager.
func TestTemplatecheck(t *testing.T) {
	pages, err := parsePages()
	if err != nil {
		t.Fatal(err)
	}
	types := samplePages
	for _, name := range pageNames() {
		typ, ok := types[name]
		if !ok {
			t.Errorf("page %s has no type to check against", name)
			continue
		}
		if err := templatecheck.CheckHTML(pages[name].Lookup("base"), typ); err != nil {
			t.Errorf("page %s: %v", name, err)
		}
	}
	// The check has teeth: the home page does not fit the sign-in page's data.
	if err := templatecheck.CheckHTML(pages["home"].Lookup("base"), &loginPage{}); err == nil {
		t.Error("templatecheck accepted the home page with the sign-in page's data")
	}
}
