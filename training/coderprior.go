package training

import (
	"github.com/rapporthq/rapport/annomi"
	"github.com/rapporthq/rapport/classifier"
	"github.com/rapporthq/rapport/evaluation"
)

// coderPriorWeight is how many of a coder's own turns their label frequencies are worth against
// the training folds' overall frequencies: a coder seen on a few turns keeps close to the
// overall mix. It was fixed before the results were looked at, not tuned on them.
const coderPriorWeight = 5

// CoderPriorCV measures how much of a task's error is one coder's habits against another's. It
// runs the same grouped cross-validation as CrossValidate and then shifts each out-of-fold
// prediction towards the label mix of the annotator who coded its transcript, as that annotator
// coded the training folds' transcripts (Bayes' rule for a change of prior: each probability is
// multiplied by the coder's frequency of the label over the overall frequency, then the row is
// renormalised). Nothing from the test fold is used but the coder's name.
//
// It is a diagnostic, not a model: in use nobody knows which AnnoMI annotator would have coded a
// turn. If the score rises far when only the coder's label mix is known, the distance to a target
// is in the labels' conventions, not in what the text says.
func CoderPriorCV(trs []annomi.Transcript, task string, k int, opt classifier.Options, progress func(fold int)) (evaluation.Report, error) {
	ex, preds, err := outOfFold(trs, task, k, opt, progress)
	if err != nil {
		return evaluation.Report{}, err
	}
	coder := transcriptCoders(trs)
	groups := make([]string, len(ex))
	for i, e := range ex {
		groups[i] = e.Group
	}
	folds := evaluation.GroupFolds(groups, k)
	labels := Tasks[task]
	counts := newPriorCounts(labels)
	for _, e := range ex {
		counts.add(folds[e.Group], coder[e.Group], e.Label)
	}
	gold, pred := make([]string, len(ex)), make([]string, len(ex))
	for i, e := range ex {
		shift := counts.shift(folds[e.Group], coder[e.Group])
		gold[i], pred[i] = e.Label, labels[argmaxProduct(preds[i].Probs, shift)]
	}
	return evaluation.Score(task, gold, pred, labels), nil
}

// transcriptCoders names each transcript's annotator; a transcript that several annotators coded
// gets the name "several", and its majority labels are treated as one more coder's.
func transcriptCoders(trs []annomi.Transcript) map[string]string {
	out := make(map[string]string, len(trs))
	for _, tr := range trs {
		name := ""
		for _, u := range tr.Utterances {
			for _, c := range u.Codings {
				if name == "" {
					name = c.Annotator
				} else if c.Annotator != name {
					name = "several"
				}
			}
		}
		out[tr.ID] = name
	}
	return out
}

// priorCounts counts labels by fold and by coder. The key (-1, coder) holds a coder's counts
// over every fold and (f, "") fold f's counts over every coder, so the training folds' counts for
// a test fold are the totals less that fold's own.
type priorCounts struct {
	index  map[string]int
	counts map[priorKey][]float64
}

type priorKey struct {
	fold  int
	coder string
}

func newPriorCounts(labels []string) *priorCounts {
	p := &priorCounts{index: map[string]int{}, counts: map[priorKey][]float64{}}
	for i, l := range labels {
		p.index[l] = i
	}
	return p
}

func (p *priorCounts) get(k priorKey) []float64 {
	if p.counts[k] == nil {
		p.counts[k] = make([]float64, len(p.index))
	}
	return p.counts[k]
}

func (p *priorCounts) add(fold int, coder, label string) {
	for _, f := range []int{fold, -1} {
		for _, c := range []string{coder, ""} {
			p.get(priorKey{f, c})[p.index[label]]++
		}
	}
}

// outside returns the counts for coder ("" for all) in every fold but f.
func (p *priorCounts) outside(f int, coder string) (counts []float64, n float64) {
	all, in := p.get(priorKey{-1, coder}), p.get(priorKey{f, coder})
	counts = make([]float64, len(all))
	for i := range all {
		counts[i] = all[i] - in[i]
		n += counts[i]
	}
	return counts, n
}

// shift returns, for a test turn in fold f coded by coder, each label's factor: the coder's
// smoothed frequency of it in the other folds over the other folds' overall frequency.
func (p *priorCounts) shift(f int, coder string) []float64 {
	all, nAll := p.outside(f, "")
	mine, nMine := p.outside(f, coder)
	out := make([]float64, len(all))
	for i := range out {
		overall := (all[i] + 1) / (nAll + float64(len(all))) // add-one, so no factor is 0/0
		own := (mine[i] + coderPriorWeight*overall) / (nMine + coderPriorWeight)
		out[i] = own / overall
	}
	return out
}

// argmaxProduct returns the index of the largest probs[i]·factor[i].
func argmaxProduct(probs, factor []float64) int {
	best, at := -1.0, 0
	for i, p := range probs {
		if v := p * factor[i]; v > best {
			best, at = v, i
		}
	}
	return at
}
