// The 16 PLOVER event types by quad, in the order of redline's ontology (data/plover/ontology.json).
// Their colours are in style.css (.ty-TYPE).

export const QUADS = {
  verbal_cooperation: ["AGREE", "CONSULT", "SUPPORT", "CONCEDE"],
  material_cooperation: ["COOPERATE", "AID", "RETREAT"],
  verbal_conflict: ["REQUEST", "ACCUSE", "REJECT", "THREATEN"],
  material_conflict: ["PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"],
};

export const TYPES = Object.values(QUADS).flat();
