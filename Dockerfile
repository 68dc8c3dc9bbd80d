# policy-rewriter service image: `docker build -t policy-rewriter .`
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_NO_CACHE_DIR=1 \
    HF_HUB_OFFLINE=1 LITELLM_LOCAL_MODEL_COST_MAP=True \
    POLICY_REWRITER_DATA_DIR=/data
WORKDIR /app

# Dependencies first, so source edits reuse this layer. For a small image, point
# TORCH_INDEX_URL at PyTorch's CPU wheel index; by default PyPI's (larger) build is used.
ARG TORCH_INDEX_URL=""
COPY pyproject.toml README.md ./
RUN pip install ${TORCH_INDEX_URL:+--index-url "$TORCH_INDEX_URL"} "torch==2.13.0" \
 && python -c "import tomllib; d = tomllib.load(open('pyproject.toml', 'rb')); print('\n'.join(x for x in d['project']['dependencies'] if not x.startswith('torch')))" > /tmp/requirements.txt \
 && pip install -r /tmp/requirements.txt

COPY service ./service
COPY prompts ./prompts
COPY corpus ./corpus
RUN pip install --no-deps .

VOLUME /data
EXPOSE 8000
CMD ["policy-rewriter", "serve", "--host", "0.0.0.0", "--port", "8000"]
