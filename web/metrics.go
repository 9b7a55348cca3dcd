package web

import (
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// metrics holds the server's Prometheus collectors: request latency by route, engine latency,
// and the database pool.
type metrics struct {
	reg      *prometheus.Registry
	requests *prometheus.HistogramVec
	engine   prometheus.Histogram
}

func newMetrics(reg *prometheus.Registry, db Database) *metrics {
	m := &metrics{
		reg: reg,
		requests: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "rapport_http_request_duration_seconds",
			Help:    "HTTP request latency by route pattern, method and status code.",
			Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5},
		}, []string{"route", "method", "code"}),
		engine: prometheus.NewHistogram(prometheus.HistogramOpts{
			Name:    "rapport_engine_analyze_duration_seconds",
			Help:    "Time the empathy engine takes to analyse one text.",
			Buckets: []float64{.00005, .0001, .00025, .0005, .001, .0025, .005, .01, .05},
		}),
	}
	reg.MustRegister(m.requests, m.engine, collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if db != nil {
		reg.MustRegister(poolCollector{db})
	}
	return m
}

func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{})
}

// instrument records the latency of h under the route pattern it was registered with.
func (m *metrics) instrument(route string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w, code: http.StatusOK}
		h.ServeHTTP(sw, r)
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(sw.code)).Observe(time.Since(start).Seconds())
	})
}

// poolCollector reports database/sql pool statistics at scrape time.
type poolCollector struct{ db Database }

var (
	poolOpen    = prometheus.NewDesc("rapport_db_open_connections", "Open database connections.", nil, nil)
	poolInUse   = prometheus.NewDesc("rapport_db_in_use_connections", "Database connections in use.", nil, nil)
	poolIdle    = prometheus.NewDesc("rapport_db_idle_connections", "Idle database connections.", nil, nil)
	poolWaits   = prometheus.NewDesc("rapport_db_wait_count_total", "Times a request waited for a connection.", nil, nil)
	poolWaitDur = prometheus.NewDesc("rapport_db_wait_seconds_total", "Time spent waiting for connections.", nil, nil)
)

func (poolCollector) Describe(ch chan<- *prometheus.Desc) {
	for _, d := range []*prometheus.Desc{poolOpen, poolInUse, poolIdle, poolWaits, poolWaitDur} {
		ch <- d
	}
}

func (c poolCollector) Collect(ch chan<- prometheus.Metric) {
	s := c.db.Stats()
	ch <- prometheus.MustNewConstMetric(poolOpen, prometheus.GaugeValue, float64(s.OpenConnections))
	ch <- prometheus.MustNewConstMetric(poolInUse, prometheus.GaugeValue, float64(s.InUse))
	ch <- prometheus.MustNewConstMetric(poolIdle, prometheus.GaugeValue, float64(s.Idle))
	ch <- prometheus.MustNewConstMetric(poolWaits, prometheus.CounterValue, float64(s.WaitCount))
	ch <- prometheus.MustNewConstMetric(poolWaitDur, prometheus.CounterValue, s.WaitDuration.Seconds())
}

func itoa(n int) string { return strconv.Itoa(n) }
