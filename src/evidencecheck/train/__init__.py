"""Training the models in ``models/`` from generated evidence (``evidencecheck train ...``): the
appearance model, the document-type model and the fill-in ink model, each reproducible by one
command from its seeds."""
