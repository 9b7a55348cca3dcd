package web

import (
	"fmt"
	"time"

	"github.com/rapporthq/rapport"
)

// The words of the client's survey pages, in English and Spanish. The questions themselves come
// from the instrument (survey.Item.TextIn); these are the page around them. They are written
// for a reading level of grade 6 or lower, like the shipped instruments, and the Spanish uses
// usted and "la persona que lleva su caso", as docs/surveys.md explains.

// surveyWords is one language's text. Templates read the fields, so a missing translation is
// a compile error, not a blank on a client's screen.
type surveyWords struct {
	Lang          string // BCP 47 tag of these words
	OtherLang     string // the other language's tag, for the switch link
	SwitchLabel   string // in the other language, so its speakers recognise it
	Intro         string
	WhoSees       string
	Anonymous     string
	AnonymousYes  string
	AnonymousNo   string
	AnonymousOn   string
	SafetyNote    string
	Emergency     string
	Required      string
	Optional      string
	Yes, No       string
	UntilPrefix   string // "This link works until"
	SaveLater     string
	Send          string
	Saved         string
	SavedLater    string
	FixThese      string
	ErrRequired   string
	ErrNothing    string
	ErrChoice     string
	ErrWhole      string
	ErrNumber     string
	ErrTooLong    string // takes the maximum number of characters
	ErrUnreadable string
	ErrOutOfRange string

	ThanksTitle     string
	ThanksBody      string
	ThanksAnonymous string
	ThanksFlagged   string
	UsedTitle       string
	UsedBody        string
	ExpiredTitle    string
	ExpiredBody     string
	UnknownTitle    string
	UnknownBody     string
	CloseNote       string

	HandoutTitle string
	HandoutScan  string
	HandoutWho   string
	HandoutOnce  string
}

var surveyText = map[string]*surveyWords{
	rapport.SurveyEnglish: {
		Lang: "en", OtherLang: "es", SwitchLabel: "Leer en español",
		Intro:        "Your answers help your care team know how things are going for you. It takes about two minutes.",
		WhoSees:      "Who sees your answers: the people on your care team. Your organisation sees them only added up with many other answers.",
		Anonymous:    "Do you want to give your name with your answers?",
		AnonymousNo:  "Yes, my care team can see my answers",
		AnonymousYes: "No, answer without my name",
		AnonymousOn:  "If you answer without your name, your answers are not linked to you. They only count in totals for the whole team.",
		SafetyNote:   "If you write something that makes us think you may be in danger, we will pass it to your care team so someone can reach out to you. We do this even when you answer without your name.",
		Emergency:    "If you are in danger right now, call your local emergency number.",
		Required:     "(required)",
		Optional:     "(you can skip this)",
		Yes:          "Yes", No: "No",
		UntilPrefix:   "This link works until",
		SaveLater:     "Save and finish later",
		Send:          "Send my answers",
		Saved:         "Your answers are saved.",
		SavedLater:    "Your answers are saved. You can close this page and open the same link later to finish.",
		FixThese:      "Please check these answers:",
		ErrRequired:   "Please answer this question.",
		ErrNothing:    "Please answer at least one question before you send.",
		ErrChoice:     "Please choose one of the answers.",
		ErrWhole:      "Please enter a whole number, like 3.",
		ErrNumber:     "Please enter a number, like 2.5.",
		ErrTooLong:    "This answer is too long. It can have up to %d characters.",
		ErrUnreadable: "This answer has characters we cannot save. Please remove them.",
		ErrOutOfRange: "One of the answers is outside what the question allows. Please check your answers.",

		ThanksTitle:     "Thank you",
		ThanksBody:      "Your answers were sent. Thank you for taking the time.",
		ThanksAnonymous: "You answered without your name, so your answers are not linked to you.",
		ThanksFlagged:   "We passed what you wrote to your care team, so someone can reach out to you.",
		UsedTitle:       "You already answered this survey",
		UsedBody:        "Thank you. We got your answers. This link works only once, so you cannot use it again.",
		ExpiredTitle:    "This link has expired",
		ExpiredBody:     "Survey links work for a short time only. Please ask your case manager for a new one.",
		UnknownTitle:    "We could not find this survey",
		UnknownBody:     "Please check that you have the whole link. If it still does not work, ask your case manager for a new one.",
		CloseNote:       "You can close this page now.",

		HandoutTitle: "We want to hear from you",
		HandoutScan:  "Scan the code with your phone's camera, or type the address below.",
		HandoutWho:   "It takes about two minutes. Your care team sees your answers. You can also answer without your name.",
		HandoutOnce:  "The link works once, until",
	},
	rapport.SurveySpanish: {
		Lang: "es", OtherLang: "en", SwitchLabel: "Read in English",
		Intro:        "Sus respuestas ayudan a su equipo de atención a saber cómo le va. Tarda unos dos minutos.",
		WhoSees:      "Quién ve sus respuestas: las personas de su equipo de atención. Su organización solo las ve sumadas a muchas otras respuestas.",
		Anonymous:    "¿Quiere dar su nombre con sus respuestas?",
		AnonymousNo:  "Sí, mi equipo de atención puede ver mis respuestas",
		AnonymousYes: "No, responder sin mi nombre",
		AnonymousOn:  "Si responde sin su nombre, sus respuestas no se unen a usted. Solo cuentan en los totales de todo el equipo.",
		SafetyNote:   "Si escribe algo que nos haga pensar que usted puede estar en peligro, se lo diremos a su equipo de atención para que alguien le busque. Lo hacemos aunque responda sin su nombre.",
		Emergency:    "Si está en peligro ahora mismo, llame al número de emergencias de su zona.",
		Required:     "(obligatoria)",
		Optional:     "(puede dejarla en blanco)",
		Yes:          "Sí", No: "No",
		UntilPrefix:   "Este enlace funciona hasta el",
		SaveLater:     "Guardar y terminar después",
		Send:          "Enviar mis respuestas",
		Saved:         "Sus respuestas están guardadas.",
		SavedLater:    "Sus respuestas están guardadas. Puede cerrar esta página y abrir el mismo enlace más tarde para terminar.",
		FixThese:      "Por favor, revise estas respuestas:",
		ErrRequired:   "Por favor, responda esta pregunta.",
		ErrNothing:    "Por favor, responda al menos una pregunta antes de enviar.",
		ErrChoice:     "Por favor, elija una de las respuestas.",
		ErrWhole:      "Por favor, escriba un número entero, como 3.",
		ErrNumber:     "Por favor, escriba un número, como 2,5.",
		ErrTooLong:    "Esta respuesta es muy larga. Puede tener hasta %d letras.",
		ErrUnreadable: "Esta respuesta tiene letras que no podemos guardar. Por favor, quítelas.",
		ErrOutOfRange: "Una de las respuestas está fuera de lo que permite la pregunta. Por favor, revise sus respuestas.",

		ThanksTitle:     "Gracias",
		ThanksBody:      "Sus respuestas se enviaron. Gracias por su tiempo.",
		ThanksAnonymous: "Respondió sin su nombre, así que sus respuestas no se unen a usted.",
		ThanksFlagged:   "Le pasamos lo que escribió a su equipo de atención, para que alguien le busque.",
		UsedTitle:       "Ya respondió esta encuesta",
		UsedBody:        "Gracias. Recibimos sus respuestas. Este enlace funciona una sola vez, así que no se puede usar de nuevo.",
		ExpiredTitle:    "Este enlace ya no funciona",
		ExpiredBody:     "Los enlaces de las encuestas funcionan poco tiempo. Por favor, pida uno nuevo a la persona que lleva su caso.",
		UnknownTitle:    "No encontramos esta encuesta",
		UnknownBody:     "Por favor, revise que tiene el enlace completo. Si aún no funciona, pida uno nuevo a la persona que lleva su caso.",
		CloseNote:       "Ya puede cerrar esta página.",

		HandoutTitle: "Queremos saber su opinión",
		HandoutScan:  "Escanee el código con la cámara de su teléfono, o escriba la dirección de abajo.",
		HandoutWho:   "Tarda unos dos minutos. Su equipo de atención ve sus respuestas. También puede responder sin su nombre.",
		HandoutOnce:  "El enlace funciona una vez, hasta el",
	},
}

// wordsFor returns the words of lang, English for anything else.
func wordsFor(lang string) *surveyWords {
	if w, ok := surveyText[lang]; ok {
		return w
	}
	return surveyText[rapport.SurveyEnglish]
}

// TooLong is ErrTooLong with its number.
func (w *surveyWords) TooLong(max int) string { return fmt.Sprintf(w.ErrTooLong, max) }

var spanishMonths = [...]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
	"septiembre", "octubre", "noviembre", "diciembre"}

// Date writes a day as people write it in the language: "14 March 2025", "14 de marzo de 2025".
func (w *surveyWords) Date(t time.Time) string {
	if w.Lang == rapport.SurveySpanish {
		return fmt.Sprintf("%d de %s de %d", t.Day(), spanishMonths[t.Month()-1], t.Year())
	}
	return t.Format("2 January 2006")
}
