// Command expcmd is a temporary experiment harness (deleted before hand-off).
package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/evaluation"
)

var labels = map[string][]string{"behaviour": {"other", "question", "reflection", "therapist_input"}, "question": {"closed", "open"}, "reflection": {"complex", "simple"}}

func examples(trs []annomi.Transcript, task string) []classifier.Example {
	var out []classifier.Example
	for _, tr := range trs {
		for i, u := range tr.Utterances {
			l := ""
			switch task {
			case "behaviour":
				l = u.Behaviour
			case "question":
				if u.Behaviour == "question" {
					l = u.Question
				}
			case "reflection":
				if u.Behaviour == "reflection" {
					l = u.Reflection
				}
			}
			if !u.Therapist || l == "" {
				continue
			}
			out = append(out, classifier.Example{Text: u.Text, Context: tr.PreviousClient(i), Label: l, Group: tr.ID})
		}
	}
	return out
}

func extras(trs []annomi.Transcript, task string) []classifier.Example {
	var out []classifier.Example
	for _, tr := range trs {
		for i, u := range tr.Utterances {
			l := ""
			switch task {
			case "question":
				if u.Behaviour != "question" {
					l = u.Question
				}
			case "reflection":
				if u.Behaviour != "reflection" {
					l = u.Reflection
				}
			}
			if !u.Therapist || l == "" {
				continue
			}
			out = append(out, classifier.Example{Text: u.Text, Context: tr.PreviousClient(i), Label: l, Group: tr.ID})
		}
	}
	return out
}

func parseScale(s string) map[string]float64 {
	if s == "" {
		return nil
	}
	m := map[string]float64{}
	for _, kv := range strings.Split(s, ",") {
		k, v, _ := strings.Cut(kv, "=")
		m[k], _ = strconv.ParseFloat(v, 64)
	}
	return m
}

func main() {
	tasks := flag.String("tasks", "behaviour,question,reflection", "")
	l2s := flag.String("l2", "10,30,100", "")
	scales := flag.String("scale", "", "semicolon-separated scale configs")
	verbose := flag.Bool("v", false, "")
	errs := flag.String("errors", "", "write errors to file")
	flag.Parse()
	f, _ := os.Open("/work/shared/data/annomi/annomi-full.dev.csv")
	trs, err := annomi.Read(f)
	if err != nil {
		panic(err)
	}
	for _, task := range strings.Split(*tasks, ",") {
		ex := examples(trs, task)
		var extra []classifier.Example
		if os.Getenv("EXTRA") != "" {
			extra = extras(trs, task)
			fmt.Println("extra", len(extra))
		}
		groups := make([]string, len(ex))
		for i, e := range ex {
			groups[i] = e.Group
		}
		folds := evaluation.GroupFolds(groups, 5)
		for _, sc := range strings.Split(*scales, ";") {
			for _, l2s := range strings.Split(*l2s, ",") {
				o := classifier.DefaultOptions()
				o.L2, _ = strconv.ParseFloat(l2s, 64)
				o.Scale = parseScale(sc)
				if os.Getenv("SGD") != "" {
					o.Solver = "sgd"
				}
				t0 := time.Now()
				pred := make([]string, len(ex))
				probs := make([][]float64, len(ex))
				for k := 0; k < 5; k++ {
					var tr []classifier.Example
					half := os.Getenv("HALF") != ""
					for _, e := range ex {
						if folds[e.Group] != k && (!half || folds[e.Group] == (k+1)%5 || folds[e.Group] == (k+2)%5) {
							tr = append(tr, e)
						}
					}
					for _, e := range extra {
						if f, ok := folds[e.Group]; ok && f != k {
							tr = append(tr, e)
						}
					}
					m, err := classifier.Train(task, tr, o)
					if err != nil {
						panic(err)
					}
					for i, e := range ex {
						if folds[e.Group] == k {
							pred[i], probs[i] = m.Predict(e.Text, e.Context)
						}
					}
				}
				gold := make([]string, len(ex))
				for i := range ex {
					gold[i] = ex[i].Label
				}
				r := evaluation.Score(task, gold, pred, labels[task])
				fmt.Printf("%-10s l2=%-5s scale=%-40s F1=%.4f acc=%.3f (%.0fs)\n", task, l2s, sc, r.MacroF1, r.Accuracy, time.Since(t0).Seconds())
				if *verbose {
					for _, l := range r.Labels {
						s := r.PerLabel[l]
						fmt.Printf("   %-16s P=%.3f R=%.3f F1=%.3f n=%d\n", l, s.Precision, s.Recall, s.F1, s.Support)
					}
				}
				if *errs != "" {
					w, _ := os.Create(*errs)
					for i, e := range ex {
						if pred[i] != gold[i] {
							fmt.Fprintf(w, "%s\t%s\t%.2f\t%s\t<<%s\n", gold[i], pred[i], probs[i], e.Text, e.Context)
						}
					}
					w.Close()
				}
			}
		}
	}
}

func init() {
	if out := os.Getenv("BUNDLE"); out != "" {
		f, _ := os.Open("/work/shared/data/annomi/annomi-full.dev.csv")
		trs, _ := annomi.Read(f)
		b := &classifier.Bundle{Version: classifier.BundleVersion, FeatureVersion: classifier.FeatureVersion, Models: map[string]*classifier.Model{},
			Trained: "AnnoMI development split (107 transcripts, annomi-full.dev.csv, majority labels); L-BFGS, L2 behaviour=30 question=100 reflection=300"}
		for task, l2 := range map[string]float64{"behaviour": 30, "question": 100, "reflection": 300} {
			o := classifier.DefaultOptions()
			o.L2 = l2
			m, err := classifier.Train(task, examples(trs, task), o)
			if err != nil {
				panic(err)
			}
			b.Models[task] = m
		}
		w, _ := os.Create(out)
		if err := b.Encode(w); err != nil {
			panic(err)
		}
		w.Close()
		os.Exit(0)
	}
}
