# Tableau de bord CLAS — image de production (docs/deploiement.md).
# Debian (bookworm) : Chromium dessine les graphiques du rapport, Pango sert WeasyPrint (PDF).
FROM python:3.11-slim-bookworm

RUN apt-get update \
 && apt-get install -y --no-install-recommends chromium libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core curl \
 && rm -rf /var/lib/apt/lists/*

# Un utilisateur sans privilège ; la base, les secrets et les sauvegardes sont sur un volume à lui.
RUN useradd --system --create-home --home-dir /home/clas --uid 10001 clas \
 && mkdir -p /var/lib/clas && chown clas:clas /var/lib/clas && chmod 0700 /var/lib/clas

WORKDIR /opt/clas
# Dependencies first (a layer rebuilt only when requirements.txt changes), then the application, checked.
COPY requirements.txt ./
COPY deploy/install.sh deploy/
RUN sh deploy/install.sh /opt/venv
COPY . .
RUN sh deploy/install.sh /opt/venv

ENV PATH=/opt/venv/bin:$PATH \
    CLAS_DB=/var/lib/clas/data/clas.duckdb \
    CLAS_SECRETS_DIR=/var/lib/clas/secrets \
    CLAS_BACKUP_DIR=/var/lib/clas/sauvegardes \
    PYTHONDONTWRITEBYTECODE=1
VOLUME ["/var/lib/clas"]
USER clas
EXPOSE 8501
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD curl -fsS http://127.0.0.1:8501/_stcore/health || exit 1
CMD ["streamlit", "run", "app.py", "--server.port=8501", "--server.address=0.0.0.0", "--server.headless=true", \
     "--server.enableXsrfProtection=true", "--server.maxUploadSize=20", "--browser.gatherUsageStats=false"]
