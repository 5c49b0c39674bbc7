# Sphinx configuration of the collection's documentation site (make docs-site), as
# `antsibull-docs sphinx-init --use-current dockyard.swarm` writes it, with two changes
# said below.
# pylint: disable=invalid-name

project = 'dockyard.swarm'
copyright = 'dockyard.swarm contributors'  # pylint: disable=redefined-builtin
title = 'dockyard.swarm documentation'
html_short_title = 'dockyard.swarm'

extensions = ['sphinx.ext.autodoc', 'sphinx_antsibull_ext']

pygments_style = 'ansible'
highlight_language = 'YAML+Jinja'

html_theme = 'sphinx_ansible_theme'
html_show_sphinx = False
display_version = False
html_use_smartypants = True
html_use_modindex = False
html_use_index = False
html_copy_source = False

# No intersphinx: the site builds offline, where docs.ansible.com cannot be asked for its
# inventory. References to other collections' plugins (ansible.builtin.copy,
# community.docker.docker_stack, ...) are then plain text instead of links; the references
# inside this collection are checked by `antsibull-docs lint-collection-docs
# --validate-collection-refs=all`, which make docs-site runs first.
suppress_warnings = ['ref.ref']

default_role = 'any'
nitpicky = True
