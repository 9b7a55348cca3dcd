package classifier

import (
	"math"
	"slices"
	"sync"
)

// Full-batch training: the L2-regularised, class-weighted softmax cross-entropy is minimised
// exactly (to a tolerance) by L-BFGS. Unlike lazy SGD, the optimum does not depend on the order
// of the examples, the number of epochs or a learning rate, so the only knob left is the
// strength of the penalty, which cross-validation can choose. Only the hashed features that occur
// in the training data are optimised (the others' optimum is zero), which keeps memory small.

// design is the training data remapped onto the active features.
type design struct {
	n, k   int
	active []uint32  // compact feature → hashed index
	ptr    []int     // CSR row pointers, len n+1
	col    []int32   // compact feature indices
	val    []float64 // feature values
	y      []int
	w      []float64 // per-example weight (class balance)
}

func newDesign(feats [][]Feature, y []int, k int, cw []float64) *design {
	d := &design{n: len(feats), k: k, y: y, ptr: make([]int, len(feats)+1), w: make([]float64, len(feats))}
	pos := map[uint32]int32{}
	for i, fs := range feats {
		d.w[i] = cw[y[i]]
		for _, f := range fs {
			c, ok := pos[f.Index]
			if !ok {
				c = int32(len(d.active))
				pos[f.Index] = c
				d.active = append(d.active, f.Index)
			}
			d.col = append(d.col, c)
			d.val = append(d.val, float64(f.Value))
		}
		d.ptr[i+1] = len(d.col)
	}
	return d
}

// objective returns the loss at x (weights then biases) and writes its gradient into g.
// Examples are split into a fixed number of chunks, each summed by its own goroutine into its own
// buffer and the chunks added in order, so that the result does not depend on the machine's
// number of cores: the same data and options give the same model, bit for bit.
func (d *design) objective(x, g []float64, l2 float64) float64 {
	nw := len(d.active) * d.k
	workers := min(4, max(1, d.n/200))
	grads := make([][]float64, workers)
	losses := make([]float64, workers)
	var wg sync.WaitGroup
	for wi := 0; wi < workers; wi++ {
		wg.Add(1)
		go func(wi int) {
			defer wg.Done()
			gr := g
			if wi > 0 {
				gr = make([]float64, len(g))
			} else {
				clear(gr)
			}
			grads[wi] = gr
			z := make([]float64, d.k)
			lo, hi := d.n*wi/workers, d.n*(wi+1)/workers
			loss := 0.0
			for i := lo; i < hi; i++ {
				copy(z, x[nw:])
				for p := d.ptr[i]; p < d.ptr[i+1]; p++ {
					row := x[int(d.col[p])*d.k : int(d.col[p])*d.k+d.k]
					v := d.val[p]
					for j, wv := range row {
						z[j] += wv * v
					}
				}
				lse := logSumExp(z)
				loss += d.w[i] * (lse - z[d.y[i]])
				for j := range z {
					z[j] = math.Exp(z[j]-lse) * d.w[i]
				}
				z[d.y[i]] -= d.w[i]
				for p := d.ptr[i]; p < d.ptr[i+1]; p++ {
					row := gr[int(d.col[p])*d.k : int(d.col[p])*d.k+d.k]
					v := d.val[p]
					for j := range row {
						row[j] += z[j] * v
					}
				}
				for j := range z {
					gr[nw+j] += z[j]
				}
			}
			losses[wi] = loss
		}(wi)
	}
	wg.Wait()
	loss := 0.0
	for wi := range workers {
		loss += losses[wi]
		if wi > 0 {
			for j, v := range grads[wi] {
				g[j] += v
			}
		}
	}
	for j := 0; j < nw; j++ {
		loss += 0.5 * l2 * x[j] * x[j]
		g[j] += l2 * x[j]
	}
	return loss
}

func logSumExp(z []float64) float64 {
	m := slices.Max(z)
	s := 0.0
	for _, v := range z {
		s += math.Exp(v - m)
	}
	return m + math.Log(s)
}

// lbfgs minimises f from x (updated in place) with a backtracking line search on the Armijo
// condition. It stops after maxIter iterations or when the relative decrease stalls.
func lbfgs(f func(x, g []float64) float64, x []float64, maxIter int) {
	const m, tol = 8, 1e-5
	n := len(x)
	g := make([]float64, n)
	fx := f(x, g)
	s, yv := make([][]float64, 0, m), make([][]float64, 0, m)
	rho := make([]float64, 0, m)
	dir := make([]float64, n)
	xNew, gNew := make([]float64, n), make([]float64, n)
	alpha := make([]float64, m)
	for it := 0; it < maxIter; it++ {
		// Two-loop recursion: dir = -H·g.
		for i := range dir {
			dir[i] = -g[i]
		}
		for i := len(s) - 1; i >= 0; i-- {
			alpha[i] = rho[i] * dot(s[i], dir)
			axpy(-alpha[i], yv[i], dir)
		}
		if len(s) > 0 {
			last := len(s) - 1
			scale(dot(s[last], yv[last])/dot(yv[last], yv[last]), dir)
		} else {
			scale(1/math.Max(1, math.Sqrt(dot(g, g))), dir)
		}
		for i := range s {
			b := rho[i] * dot(yv[i], dir)
			axpy(alpha[i]-b, s[i], dir)
		}
		dg := dot(dir, g)
		if dg >= 0 { // not a descent direction: restart from steepest descent
			s, yv, rho = s[:0], yv[:0], rho[:0]
			for i := range dir {
				dir[i] = -g[i]
			}
			dg = dot(dir, g)
		}
		step, fNew := 1.0, 0.0
		for ls := 0; ; ls++ {
			for i := range x {
				xNew[i] = x[i] + step*dir[i]
			}
			fNew = f(xNew, gNew)
			if fNew <= fx+1e-4*step*dg || ls >= 30 {
				break
			}
			step *= 0.5
		}
		if !(fNew <= fx) { // no decrease (or NaN): x is as good as it gets
			return
		}
		var sv, yy []float64
		if len(s) == m {
			sv, yy = s[0], yv[0]
			s, yv, rho = s[1:], yv[1:], rho[1:]
		} else {
			sv, yy = make([]float64, n), make([]float64, n)
		}
		for i := range x {
			sv[i] = xNew[i] - x[i]
			yy[i] = gNew[i] - g[i]
		}
		if sy := dot(sv, yy); sy > 1e-10 {
			s, yv, rho = append(s, sv), append(yv, yy), append(rho, 1/sy)
		}
		copy(x, xNew)
		copy(g, gNew)
		done := (fx-fNew)/math.Max(math.Abs(fx), 1) < tol
		fx = fNew
		if done {
			return
		}
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

func axpy(a float64, x, y []float64) {
	for i, v := range x {
		y[i] += a * v
	}
}

func scale(a float64, x []float64) {
	for i := range x {
		x[i] *= a
	}
}

// fitLBFGS trains m's weights by full-batch L-BFGS.
func fitLBFGS(m *Model, feats [][]Feature, y []int, cw []float64, opt Options) {
	k := len(m.Labels)
	d := newDesign(feats, y, k, cw)
	x := make([]float64, len(d.active)*k+k)
	lbfgs(func(x, g []float64) float64 { return d.objective(x, g, opt.L2) }, x, opt.Iterations)
	for c, idx := range d.active {
		for j := 0; j < k; j++ {
			m.Weights[int(idx)*k+j] += float32(x[c*k+j])
		}
	}
	nw := len(d.active) * k
	for j := 0; j < k; j++ {
		m.Bias[j] = float32(x[nw+j])
	}
}
