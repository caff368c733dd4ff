"""The annual report (issue 5): the same figures as the pages, written to xlsx, pdf and png/svg figures.

outputs = generate(con, "2024-2025")    # collect (clas.report.data) + render + write, in memory
outputs.write(out_dir)                  # rapport-clas-2024-2025.xlsx, .pdf and figures/
"""

from clas.report.build import Outputs, generate, get_ready  # noqa: F401
from clas.report.data import collect, years  # noqa: F401
