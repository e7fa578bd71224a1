package simulator

import (
	"sort"
	"strconv"
	"strings"
)

// opKind is what a route does with a method.
type opKind int

const (
	opList opKind = iota
	opCount
	opGet
	opCreate
	opReplace
	opPatch
	opDelete
	opInfo
	opMySecurity
)

// route is one path template of the API (relative to {codebase}apis/3.0).
type route struct {
	name    string   // template as in the OpenAPI document; the counters key
	segs    []string // template split on "/", "{id}"/"{parentId}" are parameters
	methods map[string]opKind
	kind    string // store kind; "" for /system routes
	perm    string // role key of the module function; "" = valid auth is enough
}

// collectionDef is one stored kind's collection path and whether it has /count
// (as declared in openapi-subset.json; a test checks the table against it).
type collectionDef struct {
	path     string
	kind     string
	hasCount bool
}

var collections = []collectionDef{
	{"/company/companies", "companies", true},
	{"/company/companies/statuses", "companyStatuses", true},
	{"/company/companies/types", "companyTypes", true},
	{"/finance/agreements", "agreements", true},
	{"/finance/agreements/types", "agreementTypes", false},
	{"/finance/agreements/{parentId}/additions", "additions", true},
	{"/procurement/catalog", "catalog", true},
	{"/procurement/categories", "categories", false},
	{"/procurement/manufacturers", "manufacturers", false},
	{"/procurement/subcategories/", "subcategories", false},
	{"/procurement/types", "productTypes", false},
	{"/procurement/unitOfMeasures", "unitOfMeasures", false},
}

// Role keys of the module functions the API uses (DESIGN.md's table).
const (
	permCompanies  = "Companies/Company Maintenance"
	permAgreements = "Finance/Agreements"
	permCatalog    = "Procurement/Product Catalog"
	permTableSetup = "System/Table Setup"
)

func permissionFor(kind string) string {
	switch kind {
	case "companies":
		return permCompanies
	case "agreements", "additions":
		return permAgreements
	case "catalog":
		return permCatalog
	}
	return permTableSetup
}

func buildRoutes() []*route {
	var rs []*route
	add := func(name, match, kind string, methods map[string]opKind) {
		perm := ""
		if kind != "" {
			perm = permissionFor(kind)
		}
		rs = append(rs, &route{name: name, segs: splitPath(match), methods: methods, kind: kind, perm: perm})
	}
	for _, c := range collections {
		base := strings.TrimSuffix(c.path, "/")
		add(c.path, c.path, c.kind, map[string]opKind{"GET": opList, "POST": opCreate})
		if base != c.path {
			// The source spells the subcategory list with a trailing slash; both forms route.
			add(c.path, base, c.kind, map[string]opKind{"GET": opList, "POST": opCreate})
		}
		add(base+"/{id}", base+"/{id}", c.kind, map[string]opKind{"GET": opGet, "PUT": opReplace, "PATCH": opPatch, "DELETE": opDelete})
		if c.hasCount {
			add(base+"/count", base+"/count", c.kind, map[string]opKind{"GET": opCount})
		}
	}
	add("/system/info", "/system/info", "", map[string]opKind{"GET": opInfo})
	add("/system/mySecurity", "/system/mySecurity", "", map[string]opKind{"GET": opMySecurity})
	return rs
}

func splitPath(p string) []string { return strings.Split(strings.TrimPrefix(p, "/"), "/") }

// matchRoute finds the route of a path. status is 0 on a match, 404 when no template
// matches and 405 when one does but not for this method.
func matchRoute(routes []*route, method, path string) (rt *route, params map[string]int, status int) {
	segs := splitPath(path)
	for _, r := range routes {
		p, ok := matchSegs(r.segs, segs)
		if !ok {
			continue
		}
		if _, ok := r.methods[method]; !ok {
			return r, p, 405
		}
		return r, p, 0
	}
	return nil, nil, 404
}

func matchSegs(tmpl, segs []string) (map[string]int, bool) {
	if len(tmpl) != len(segs) {
		return nil, false
	}
	var params map[string]int
	for i, t := range tmpl {
		if strings.HasPrefix(t, "{") {
			// Ids are int32 route constraints: anything else is no route at all.
			n, err := strconv.ParseInt(segs[i], 10, 32)
			if err != nil || n <= 0 || strings.HasPrefix(segs[i], "+") {
				return nil, false
			}
			if params == nil {
				params = map[string]int{}
			}
			params[strings.Trim(t, "{}")] = int(n)
			continue
		}
		if t != segs[i] {
			return nil, false
		}
	}
	return params, true
}

// allowed lists a route's methods for the Allow header of a 405.
func (r *route) allowed() string {
	var ms []string
	for m := range r.methods {
		ms = append(ms, m)
	}
	sort.Strings(ms)
	return strings.Join(ms, ", ")
}
