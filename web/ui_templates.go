package web

import (
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"net/http"
	"path"
	"strings"
	"sync"

	"github.com/rapporthq/rapport"
	"github.com/rapporthq/rapport/auth"
)

// pageNames lists every page template: each file in templates/ except base.html (the layout:
// landmarks, skip link, header, navigation) and the partials, whose names start with "_" and
// which every page may call. A page is parsed with the layout and the partials, and fills the
// layout's "main" block.
var pageNames = sync.OnceValue(func() []string {
	files, err := fs.Glob(templateFiles, "templates/*.html")
	if err != nil {
		panic(err) // the pattern is constant
	}
	var names []string
	for _, f := range files {
		name := strings.TrimSuffix(path.Base(f), ".html")
		if name != "base" && !strings.HasPrefix(name, "_") {
			names = append(names, name)
		}
	}
	return names
})

var templateFuncs = template.FuncMap{
	"navLinks": navLinks,
	// label turns a stored value such as "social_support" into "Social support".
	"label": func(s any) string {
		v := strings.ReplaceAll(fmt.Sprint(s), "_", " ")
		if v == "" {
			return ""
		}
		return strings.ToUpper(v[:1]) + v[1:]
	},
}

// navLink is one entry of the main navigation.
type navLink struct{ Href, Label string }

// navLinks is the main navigation for a role: each role sees the pages it may open, so no link
// leads to a refusal.
func navLinks(role rapport.Role) []navLink {
	switch role {
	case rapport.RoleAdmin:
		return []navLink{{"/", "Clients"}, {"/admin/users", "Users"}, {"/admin/teams", "Teams"}, {"/admin/instruments", "Surveys"}, {"/surveys", "Trust"}, {"/admin/audit", "Audit log"}}
	case rapport.RoleSupervisor:
		return []navLink{{"/", "Clients"}, {"/trends", "Team trends"}, {"/surveys", "Trust"}}
	default:
		return []navLink{{"/", "Clients"}, {"/trends", "My trends"}, {"/surveys", "Trust"}}
	}
}

func parsePages() (map[string]*template.Template, error) {
	partials, err := fs.Glob(templateFiles, "templates/_*.html")
	if err != nil {
		return nil, fmt.Errorf("finding partial templates: %w", err)
	}
	pages := make(map[string]*template.Template)
	for _, name := range pageNames() {
		files := append([]string{"templates/base.html", "templates/" + name + ".html"}, partials...)
		t, err := template.New(name).Funcs(templateFuncs).ParseFS(templateFiles, files...)
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

// page is what the layout needs: the title, who is signed in (nil on public pages) and the
// path, so the navigation can mark the current page for screen readers.
type page struct {
	Title string
	User  *rapport.User
	Path  string
	Lang  string // the page's language (BCP 47), for screen readers; "en" unless a page says otherwise
}

func (u *ui) newPage(r *http.Request, title string) page {
	p := page{Title: title, Path: r.URL.Path, Lang: "en"}
	if usr, ok := userFrom(r.Context()); ok {
		p.User = usr
	}
	return p
}

type errorPage struct {
	page
	Status  int
	Message string
	Carried *resumeForm // texts a refused form carried, shown so they can be copied
}

type loginPage struct {
	page
	Email  string // kept when sign-in fails; the password never is
	Next   string
	Error  string
	Notice string
	Resume *resumeForm // a form interrupted by the end of a session, carried through sign-in
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
	CanAdd  bool            // case managers and supervisors on a team may add clients
	Due     []dueSurvey     // surveys the automatic rules call for (ui_survey_due.go)
	Urgent  []urgentComment // flagged survey comments still waiting for a response
}

type clientPage struct {
	page
	Client   *rapport.Client
	Team     string
	CareTeam []string
	Plan     *carePlanView // the care plan and recent notes (ui_careplan_view.go)
	// Emergency is the break-the-glass grant this page was opened with, shown as a banner.
	Emergency *auth.BreakGlass
}
