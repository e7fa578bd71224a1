package simulator

import (
	"errors"
	"net/http"
	"strconv"
	"time"
)

// The invoice calls stand in for a person invoicing in the ConnectWise UI, which the
// REST API this project uses cannot do: tests invoice a period, then check what the
// integration's writes do to the next one.
//
//	POST /agreements/{id}/invoice   invoice the next period, move nextInvoiceDate on (200 Invoice)
//	GET  /invoices                  the invoices created so far
//	GET  /invoices/preview?agreementId=17[&periodStart=2026-12-01]
//	                                what an invoice would bill, recording nothing; without
//	                                agreementId, one entry per agreement
//
// InvoicePreview documents the billing rules.
func (s *Simulator) adminInvoiceRoutes(mux *http.ServeMux) {
	mux.HandleFunc("POST /agreements/{id}/invoice", func(w http.ResponseWriter, r *http.Request) {
		id, err := strconv.Atoi(r.PathValue("id"))
		if err != nil {
			adminError(w, http.StatusNotFound, "id must be an integer")
			return
		}
		inv, err := s.InvoiceAgreement(id)
		if err != nil {
			adminError(w, invoiceErrorStatus(err), err.Error())
			return
		}
		adminJSON(w, http.StatusOK, inv)
	})
	mux.HandleFunc("GET /invoices", func(w http.ResponseWriter, r *http.Request) {
		adminJSON(w, http.StatusOK, s.Invoices())
	})
	mux.HandleFunc("GET /invoices/preview", func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		var start time.Time
		if p := q.Get("periodStart"); p != "" {
			t, ok := parseDay(p)
			if !ok {
				adminError(w, http.StatusBadRequest, "periodStart must be a date such as 2026-12-01 or 2026-12-01T00:00:00Z")
				return
			}
			start = t
		}
		if q.Get("agreementId") == "" {
			out := []Invoice{}
			for _, ag := range s.store.List("agreements") {
				inv, _ := s.preview(ag, start) // a NotBilled entry says why itself
				out = append(out, inv)
			}
			adminJSON(w, http.StatusOK, out)
			return
		}
		id, err := strconv.Atoi(q.Get("agreementId"))
		if err != nil {
			adminError(w, http.StatusBadRequest, "agreementId must be an integer")
			return
		}
		inv, err := s.InvoicePreview(id, start)
		if err != nil && !errors.Is(err, ErrNotBilled) {
			adminError(w, invoiceErrorStatus(err), err.Error())
			return
		}
		adminJSON(w, http.StatusOK, inv)
	})
}

func invoiceErrorStatus(err error) int {
	if errors.Is(err, errNoAgreement) {
		return http.StatusNotFound
	}
	return http.StatusBadRequest
}
