"""The live preview (`build.py serve`): the same pipeline, rebuilt incrementally and served with
live reload. Nothing here is part of a published site.

    incremental  rebuild only the pages an edit affects, write only the files that changed
    serve        the server: files, the reload socket, the error overlay, the file watcher
    overlay.js   the browser side: reload on change, show the last rebuild's errors
"""
