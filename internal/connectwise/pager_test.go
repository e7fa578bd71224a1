package connectwise

import (
	"context"
	"encoding/base64"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestParseLinkHeader(t *testing.T) {
	got := parseLinkHeader([]string{
		`<https://h/v/apis/3.0/company/companies?page=2&pageSize=1000>; rel="next", <https://h/x?page=3>; rel="last"`,
		`<https://h/first?a=1,2>;rel=first;title="a, \"b\"" , <https://h/p>; rel="prev start"`,
	})
	want := map[string]string{
		"next":  "https://h/v/apis/3.0/company/companies?page=2&pageSize=1000",
		"last":  "https://h/x?page=3",
		"first": "https://h/first?a=1,2",
		"prev":  "https://h/p",
		"start": "https://h/p",
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("got  %v\nwant %v", got, want)
	}
	if len(parseLinkHeader([]string{"garbage", ""})) != 0 {
		t.Error("garbage parsed")
	}
}

// servePages serves total companies in pages with navigable Link headers,
// checking our headers on every page.
func servePages(t *testing.T, mux *http.ServeMux, srvURL func() string, total int, h *hits) {
	wantAuth := "Basic " + base64.StdEncoding.EncodeToString([]byte(testCompany+"+"+testPublic+":"+testPrivate))
	mux.HandleFunc("GET "+apiPrefix+"/company/companies", func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		if r.Header.Get("Authorization") != wantAuth || r.Header.Get("clientId") != testClientID ||
			r.Header.Get("Accept") != "application/vnd.connectwise.com+json; version=2025.8" {
			t.Errorf("page %s: headers %v", r.URL.RawQuery, r.Header)
		}
		q := r.URL.Query()
		page, _ := strconv.Atoi(q.Get("page"))
		size, _ := strconv.Atoi(q.Get("pageSize"))
		if q.Get("conditions") != `deletedFlag = False` {
			t.Errorf("conditions %q", q.Get("conditions"))
		}
		var items []map[string]any
		for i := (page - 1) * size; i < min(page*size, total); i++ {
			items = append(items, map[string]any{"id": i + 1, "name": fmt.Sprintf("C%d", i+1)})
		}
		link := func(p int) string {
			q.Set("page", strconv.Itoa(p))
			return srvURL() + r.URL.Path + "?" + q.Encode()
		}
		l := fmt.Sprintf(`<%s>; rel="first"`, link(1))
		if page*size < total {
			l = fmt.Sprintf(`<%s>; rel="next", <%s>; rel="last"`, link(page+1), link((total+size-1)/size)) + ", " + l
		}
		w.Header().Set("Link", l)
		writeJSON(w, 200, items)
	})
}

// A list in another order than id walks page numbers, following the Link next (lists in
// id order walk by id: pager_walk_test.go).
func TestListFollowsLinkNext(t *testing.T) {
	c, mux, srv := setup(t)
	var h hits
	servePages(t, mux, func() string { return srv.URL }, 2500, &h)
	opts := &ListOptions{Conditions: Field("deletedFlag").Eq(Bool(false)), OrderBy: "name asc"}
	all, err := c.Companies.All(context.Background(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 2500 || all[2499].ID != 2500 || h.get("GET "+apiPrefix+"/company/companies") != 3 {
		t.Fatalf("%d companies in %d requests", len(all), h.get("GET "+apiPrefix+"/company/companies"))
	}

	// Breaking out early stops the requests.
	var h2 hits
	c, mux, srv = setup(t)
	servePages(t, mux, func() string { return srv.URL }, 2500, &h2)
	n := 0
	for co, err := range c.Companies.List(context.Background(), opts) {
		if err != nil {
			t.Fatal(err)
		}
		n++
		if co.ID == 1500 {
			break
		}
	}
	if n != 1500 || h2.get("GET "+apiPrefix+"/company/companies") != 2 {
		t.Errorf("read %d in %d requests", n, h2.get("GET "+apiPrefix+"/company/companies"))
	}
}

func TestListKeepsCredentialsOnOurHost(t *testing.T) {
	c, mux, _ := setup(t)
	var h hits
	// The server advertises another host in its Link: only path and
	// query are followed, on our site.
	servePages(t, mux, func() string { return "https://evil.example.com" }, 1500, &h)
	all, err := c.Companies.All(context.Background(), &ListOptions{Conditions: Field("deletedFlag").Eq(Bool(false)), OrderBy: "name asc"})
	if err != nil || len(all) != 1500 {
		t.Fatalf("%d, %v", len(all), err)
	}
}

func TestListStopsOnLinkLoop(t *testing.T) {
	c, mux, srv := setup(t)
	mux.HandleFunc("GET "+apiPrefix+"/finance/agreements", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Link", fmt.Sprintf(`<%s%s?page=1&pageSize=1000>; rel="next"`, srv.URL, r.URL.Path))
		writeJSON(w, 200, []map[string]any{{"id": 1}})
	})
	_, err := c.Agreements.All(context.Background(), nil)
	if err == nil {
		t.Fatal("loop not detected")
	}
}

func TestListWithoutLinkHeaderFallsBackToPageNumbers(t *testing.T) {
	c, mux, _ := setup(t)
	var h hits
	mux.HandleFunc("GET "+apiPrefix+"/procurement/types", func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		size, _ := strconv.Atoi(r.URL.Query().Get("pageSize"))
		if size != 2 || r.URL.Query().Get("orderBy") != "name asc" || r.URL.Query().Get("fields") != "id,name" {
			t.Errorf("query %s", r.URL.RawQuery)
		}
		var items []map[string]any
		for i := (page-1)*size + 1; i <= min(page*size, 5); i++ {
			items = append(items, map[string]any{"id": i})
		}
		writeJSON(w, 200, items)
	})
	all, err := c.Procurement.ProductTypes.All(context.Background(), &ListOptions{PageSize: 2, OrderBy: "name asc", Fields: []string{"id", "name"}})
	if err != nil || len(all) != 5 || h.get("GET "+apiPrefix+"/procurement/types") != 3 {
		t.Fatalf("%d items, %d requests, %v", len(all), h.get("GET "+apiPrefix+"/procurement/types"), err)
	}
}

func TestListInvalidConditionFailsWithoutRequest(t *testing.T) {
	c, _, _ := setup(t)
	_, err := c.Companies.All(context.Background(), &ListOptions{Conditions: Field("name").Eq(String("a\nb"))})
	if err == nil {
		t.Fatal("no error")
	}
	if _, err := c.Companies.CountWhere(context.Background(), &ListOptions{Conditions: Field("name").Eq(String("a\x00"))}); err == nil {
		t.Fatal("no error")
	}
}

func TestCountAndListByIDs(t *testing.T) {
	c, mux, _ := setup(t)
	mux.HandleFunc("GET "+apiPrefix+"/company/companies/count", func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("conditions") != `name like "A*"` {
			t.Errorf("conditions %q", r.URL.Query().Get("conditions"))
		}
		writeJSON(w, 200, map[string]int{"count": 42})
	})
	var h hits
	var idsSeen int
	mux.HandleFunc("GET "+apiPrefix+"/finance/agreements", func(w http.ResponseWriter, r *http.Request) {
		h.add(r)
		if len(r.URL.RawQuery) > 2000 {
			t.Errorf("URL query %d long", len(r.URL.RawQuery))
		}
		if enc := url.QueryEscape(r.URL.Query().Get("conditions")); len(enc) > MaxConditionLength {
			t.Errorf("conditions %d long", len(enc))
		}
		cond := r.URL.Query().Get("conditions")
		var items []map[string]any
		for _, s := range splitIDs(cond) {
			idsSeen++
			id, _ := strconv.Atoi(s)
			items = append(items, map[string]any{"id": id})
		}
		writeJSON(w, 200, items)
	})
	n, err := c.Companies.CountWhere(context.Background(), &ListOptions{Conditions: Field("name").Like("A*")})
	if err != nil || n != 42 {
		t.Fatalf("count %d, %v", n, err)
	}
	ids := make([]int, 600)
	for i := range ids {
		ids[i] = 1000000 + i%500 // with duplicates
	}
	got, err := c.Agreements.ListByIDs(context.Background(), ids, Field("agreementStatus").Eq(String("Active")))
	if err != nil || len(got) != 500 || idsSeen != 500 || h.get("GET "+apiPrefix+"/finance/agreements") < 2 {
		t.Fatalf("%d agreements, %d ids sent, %d requests, %v", len(got), idsSeen, h.get("GET "+apiPrefix+"/finance/agreements"), err)
	}
	if got, err := c.Companies.ListByIDs(context.Background(), nil, Condition{}); err != nil || got != nil {
		t.Errorf("no ids: %v %v", got, err)
	}
}

// ChildConditions travel as their own, encoded, query parameter on lists
// and counts, beside conditions; invalid ones fail before any request.
func TestChildConditionsSent(t *testing.T) {
	c, mux, _ := setup(t)
	const wantChild = `types/id in (1,4) and types/name != "Sam's \"A&B\""`
	const wantRaw = "childConditions=types%2Fid+in+%281%2C4%29+and+types%2Fname+%21%3D+%22Sam%27s+%5C%22A%26B%5C%22%22"
	var h hits
	check := func(r *http.Request, wantCond string) {
		t.Helper()
		h.add(r)
		q := r.URL.Query()
		if got := q.Get("childConditions"); got != wantChild {
			t.Errorf("%s childConditions %q, want %q", r.URL.Path, got, wantChild)
		}
		if got, ok := q["conditions"]; wantCond == "" && ok || wantCond != "" && (len(got) != 1 || got[0] != wantCond) {
			t.Errorf("%s conditions %q, want %q", r.URL.Path, got, wantCond)
		}
		if !strings.Contains(r.URL.RawQuery, wantRaw) {
			t.Errorf("%s raw query %s, want it to contain %s", r.URL.Path, r.URL.RawQuery, wantRaw)
		}
	}
	child := And(Field("types/id").In(Ints([]int{1, 4})...), Field("types/name").Ne(String(`Sam's "A&B"`)))
	mux.HandleFunc("GET "+apiPrefix+"/company/companies", func(w http.ResponseWriter, r *http.Request) {
		check(r, "deletedFlag = False")
		writeJSON(w, 200, []map[string]any{{"id": 1}})
	})
	mux.HandleFunc("GET "+apiPrefix+"/company/companies/count", func(w http.ResponseWriter, r *http.Request) {
		check(r, "")
		for _, p := range []string{"page", "pageSize", "orderBy", "fields"} {
			if r.URL.Query().Has(p) {
				t.Errorf("count sent %s: %s", p, r.URL.RawQuery)
			}
		}
		writeJSON(w, 200, map[string]int{"count": 7})
	})
	ctx := context.Background()
	got, err := c.Companies.All(ctx, &ListOptions{Conditions: Field("deletedFlag").Eq(Bool(false)), ChildConditions: child, OrderBy: "id asc"})
	if err != nil || len(got) != 1 {
		t.Fatalf("list: %v, %v", got, err)
	}
	if n, err := c.Companies.CountWhere(ctx, &ListOptions{ChildConditions: child, OrderBy: "id asc", Fields: []string{"id"}, PageSize: 5}); err != nil || n != 7 {
		t.Fatalf("count: %d, %v", n, err)
	}
	if h.get("GET "+apiPrefix+"/company/companies") != 1 || h.get("GET "+apiPrefix+"/company/companies/count") != 1 {
		t.Fatalf("requests %v", h.n)
	}

	// Invalid child conditions fail before any request (the mux would see a stray one).
	bad := &ListOptions{ChildConditions: Field("types/name").Eq(String("a\nb"))}
	if _, err := c.Companies.All(ctx, bad); err == nil {
		t.Error("list: invalid childConditions accepted")
	}
	if _, err := c.Companies.CountWhere(ctx, bad); err == nil {
		t.Error("count: invalid childConditions accepted")
	}
	if n := h.get("GET " + apiPrefix + "/company/companies"); n != 1 {
		t.Errorf("%d list requests", n)
	}
}

func splitIDs(cond string) []string {
	var start, end int
	for i, ch := range cond {
		if ch == '(' {
			start = i + 1
		}
		if ch == ')' {
			end = i
			break
		}
	}
	var out []string
	cur := ""
	for _, ch := range cond[start:end] {
		if ch == ',' {
			out = append(out, cur)
			cur = ""
			continue
		}
		cur += string(ch)
	}
	return append(out, cur)
}
