"""What the page says, taken from the page read: the lexicon's cues for the kind of evidence, the
courier a document names, the fill-in blanks by their labels, a seal's ring text, a display's
number, and string distances."""
