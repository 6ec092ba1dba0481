"""Language processing of report text: tokenizer with the domain dictionary, narrative claims."""
