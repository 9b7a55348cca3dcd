package training

import (
	"os"
	"testing"

	"github.com/rapporthq/rapport/annomi"
)

// TestAnnoMICrossValidation measures the shipped options the way they were chosen: 5-fold
// cross-validation grouped by transcript on the AnnoMI file that RAPPORT_ANNOMI names
// (annomi-full.dev.csv), per-label results in the log (go test -v). It is skipped when the variable is unset. The floors sit a little under
// the measured scores, to catch a regression rather than to restate them.
func TestAnnoMICrossValidation(t *testing.T) {
	path := os.Getenv("RAPPORT_ANNOMI")
	if path == "" {
		t.Skip("set RAPPORT_ANNOMI to annomi-full.dev.csv to run")
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	trs, err := annomi.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	floor := map[string]float64{Behaviour: 0.72, Question: 0.77, Reflection: 0.59}
	for _, task := range AnnoMITasks {
		ex, err := FromAnnoMI(trs, task)
		if err != nil {
			t.Fatal(err)
		}
		r, _, err := CrossValidate(task, ex, 5, TaskOptions(task), nil)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%s: n=%d accuracy=%.3f macro-F1=%.3f", task, r.N, r.Accuracy, r.MacroF1)
		for _, l := range r.Labels {
			s := r.PerLabel[l]
			t.Logf("  %-16s P=%.3f R=%.3f F1=%.3f n=%d", l, s.Precision, s.Recall, s.F1, s.Support)
		}
		if r.MacroF1 < floor[task] {
			t.Errorf("%s: macro-F1 %.3f is under the floor %.2f", task, r.MacroF1, floor[task])
		}
	}
}
