package web

import (
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strings"

	"github.com/rapporthq/rapport"
)

// pageNames lists every page template; each is parsed with templates/base.html, which holds the
// layout (landmarks, skip link, header) and calls the page's "main" block.
var pageNames = []string{"error", "login", "setup", "home", "client", "note"}

var templateFuncs = template.FuncMap{
	// label turns a stored value such as "social_support" into "Social support".
	"label": func(s any) string {
		v := strings.ReplaceAll(fmt.Sprint(s), "_", " ")
		if v == "" {
			return ""
		}
		return strings.ToUpper(v[:1]) + v[1:]
	},
}

func parsePages() (map[string]*template.Template, error) {
	pages := make(map[string]*template.Template, len(pageNames))
	for _, name := range pageNames {
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFiles, "templates/base.html", "templates/"+name+".html")
		if err != nil {
			return nil, fmt.Errorf("parsing page %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

func executePage(pages map[string]*template.Template, w io.Writer, name string, data any) error {
	t, ok := pages[name]
	if !ok {
		return fmt.Errorf("no page %q", name)
	}
	return t.ExecuteTemplate(w, "base", data)
}

// page is what the layout needs: the title and who is signed in (nil on public pages).
type page struct {
	Title string
	User  *rapport.User
}

func (u *ui) newPage(r *http.Request, title string) page {
	p := page{Title: title}
	if usr, ok := userFrom(r.Context()); ok {
		p.User = usr
	}
	return p
}

type errorPage struct {
	page
	Status  int
	Message string
}

type loginPage struct {
	page
	Email  string // kept when sign-in fails; the password never is
	Next   string
	Error  string
	Notice string
}

type setupPage struct {
	page
	Token string
	Name  string // kept when validation fails; the password never is
	Email string
	Error string
}

type homePage struct {
	page
	Clients []*rapport.Client
	Total   int
}

type clientPage struct {
	page
	Client   *rapport.Client
	Team     string
	CareTeam []string
}
