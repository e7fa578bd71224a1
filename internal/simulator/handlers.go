package simulator

import (
	"net/http"
	"strings"
)

// resourceName is the name errors use for a kind ("addition", "catalogItem").
func resourceName(kind string) string {
	n := schemaOf[kind]
	return strings.ToLower(n[:1]) + n[1:]
}

// parentAgreement loads the agreement of an additions route: 404 when it does not exist.
func (s *Simulator) parentAgreement(c *apiCall) (map[string]any, *apiResponse) {
	if c.kind != "additions" {
		return nil, nil
	}
	ag, ok := s.store.Get("agreements", c.parentID)
	if !ok || !s.visibleTo()("agreements", ag) {
		return nil, notFound("Agreement %d was not found.", c.parentID)
	}
	return s.present("agreements", ag), nil
}

// record loads the stored object of an {id} route; additions must belong to the route's
// agreement.
func (s *Simulator) record(c *apiCall) (map[string]any, *apiResponse) {
	o, ok := s.store.Get(c.kind, c.id)
	if ok && c.kind == "additions" {
		ag, _ := intValue(o["agreementId"])
		ok = ag == c.parentID
	}
	if !ok || !s.visibleTo()(c.kind, o) {
		return nil, notFound("%s %d was not found.", schemaOf[c.kind], c.id)
	}
	return o, nil
}

// objects are the presented records a list or count sees.
func (s *Simulator) objects(c *apiCall) []map[string]any {
	visible := s.visibleTo()
	keep := func(o map[string]any) bool { return visible(c.kind, o) }
	if c.kind == "additions" {
		keep = func(o map[string]any) bool {
			ag, _ := intValue(o["agreementId"])
			return ag == c.parentID
		}
	}
	all := s.store.listWhere(c.kind, keep)
	for i, o := range all {
		all[i] = s.wire(c.kind, o)
	}
	return all
}

func (s *Simulator) handleList(c *apiCall) *apiResponse {
	if _, resp := s.parentAgreement(c); resp != nil {
		return resp
	}
	resp := s.listObjects(c, s.doc.kindSchema(c.kind), s.objects(c))
	if resp.status == http.StatusOK {
		s.firePageHooks(c.route.name)
	}
	return resp
}

func (s *Simulator) handleCount(c *apiCall) *apiResponse {
	if _, resp := s.parentAgreement(c); resp != nil {
		return resp
	}
	return s.countObjects(c, s.doc.kindSchema(c.kind), s.objects(c))
}

func (s *Simulator) handleGet(c *apiCall) *apiResponse {
	if _, resp := s.parentAgreement(c); resp != nil {
		return resp
	}
	o, resp := s.record(c)
	if resp != nil {
		return resp
	}
	var fields [][]string
	if f, _ := queryParam(c.r.URL.Query(), "fields"); strings.TrimSpace(f) != "" {
		if fields, resp = s.parseFields(s.doc.kindSchema(c.kind), f); resp != nil {
			return resp
		}
	}
	return respond(http.StatusOK, project(s.wire(c.kind, o), fields))
}

// objectBody decodes a POST/PUT body, which must be one JSON object.
func objectBody(r *http.Request) (map[string]any, *apiResponse) {
	body, resp := decodeBody(r)
	if resp != nil {
		return nil, resp
	}
	obj, ok := body.(map[string]any)
	if !ok {
		return nil, badRequest("InvalidObject", "The request body must be a JSON object.")
	}
	return obj, nil
}

func (s *Simulator) newValidator(kind string) *validator {
	return &validator{d: s.doc, resource: resourceName(kind)}
}

func (s *Simulator) handleCreate(c *apiCall) *apiResponse {
	parent, resp := s.parentAgreement(c)
	if resp != nil {
		return resp
	}
	in, resp := objectBody(c.r)
	if resp != nil {
		return resp
	}
	schema := s.doc.kindSchema(c.kind)
	v := s.newValidator(c.kind)
	obj := v.body(c.kind, schema, in)
	v.required(schema, obj, false)
	if resp := s.checkWrite(c, v, obj, parent); resp != nil {
		return resp
	}
	id := s.store.insert(c.kind, obj, apiMember)
	return s.written(c.kind, id, http.StatusCreated)
}

// handleReplace is PUT: every writable field comes from the body, so a field left out is
// reset (which is why clients should PATCH the fields they own).
func (s *Simulator) handleReplace(c *apiCall) *apiResponse {
	return s.update(c, func(v *validator, schema *schemaNode, old map[string]any) (map[string]any, *apiResponse) {
		in, resp := objectBody(c.r)
		if resp != nil {
			return nil, resp
		}
		obj := v.body(c.kind, schema, in)
		for k, val := range old {
			if isReadOnly(c.kind, k) {
				obj[k] = val
			}
		}
		v.required(schema, obj, true)
		return obj, nil
	})
}

// handlePatch is PATCH: the operations apply to the stored record, which must still be
// whole afterwards.
func (s *Simulator) handlePatch(c *apiCall) *apiResponse {
	return s.update(c, func(v *validator, schema *schemaNode, old map[string]any) (map[string]any, *apiResponse) {
		body, resp := decodeBody(c.r)
		if resp != nil {
			return nil, resp
		}
		obj := v.applyPatch(c.kind, schema, old, body)
		if len(v.errs) == 0 {
			v.required(schema, obj, true)
		}
		return obj, nil
	})
}

// update is the steps PUT and PATCH share: the agreement (for an addition) and the record
// must exist; build makes the new record from the body and the old one; it is checked
// like a create and stored whole.
func (s *Simulator) update(c *apiCall, build func(v *validator, schema *schemaNode, old map[string]any) (map[string]any, *apiResponse)) *apiResponse {
	parent, resp := s.parentAgreement(c)
	if resp != nil {
		return resp
	}
	old, resp := s.record(c)
	if resp != nil {
		return resp
	}
	v := s.newValidator(c.kind)
	obj, resp := build(v, s.doc.kindSchema(c.kind), old)
	if resp != nil {
		return resp
	}
	if resp := s.checkWrite(c, v, obj, parent); resp != nil {
		return resp
	}
	s.store.replace(c.kind, c.id, obj, apiMember)
	return s.written(c.kind, c.id, http.StatusOK)
}

// checkWrite answers a write the validator found errors in, then one the rules refuse;
// nil lets it through.
func (s *Simulator) checkWrite(c *apiCall, v *validator, obj, parent map[string]any) *apiResponse {
	if len(v.errs) > 0 {
		return invalidObject(v.resource, v.errs)
	}
	return s.applyRules(c, v, obj, parent)
}

// handleDelete removes a record. A company goes to the recycle bin (deletedFlag) as in
// ConnectWise; an agreement takes its additions with it.
func (s *Simulator) handleDelete(c *apiCall) *apiResponse {
	if _, resp := s.parentAgreement(c); resp != nil {
		return resp
	}
	old, resp := s.record(c)
	if resp != nil {
		return resp
	}
	switch c.kind {
	case "companies":
		if old["deletedFlag"] == true {
			return notFound("Company %d is already in the recycle bin.", c.id)
		}
		_ = s.store.update("companies", c.id, map[string]any{
			"deletedFlag": true, "dateDeleted": s.now().UTC().Format(timeLayout), "deletedBy": apiMember,
		}, apiMember)
	case "agreements":
		for _, a := range s.store.List("additions") {
			if ag, _ := intValue(a["agreementId"]); ag == c.id {
				id, _ := intValue(a["id"])
				s.store.Delete("additions", id)
			}
		}
		s.store.Delete(c.kind, c.id)
	default:
		s.store.Delete(c.kind, c.id)
	}
	resp = respond(http.StatusNoContent, nil)
	resp.applied = true
	return resp
}

// written answers a successful write with the stored record.
func (s *Simulator) written(kind string, id, status int) *apiResponse {
	o, _ := s.store.Get(kind, id)
	resp := respond(status, s.wire(kind, o))
	resp.applied = true
	return resp
}
