{{/*
Names, labels and the pieces every pod of the chart shares.
Component-scoped helpers take (dict "root" $ "component" "api").
*/}}

{{/* The chart's name, or nameOverride. */}}
{{- define "consulta.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name: <release>-consulta, or fullnameOverride. */}}
{{- define "consulta.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* chart-version, for the helm.sh/chart label. */}}
{{- define "consulta.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* One component's object name: <fullname>-api. */}}
{{- define "consulta.componentName" -}}
{{- printf "%s-%s" (include "consulta.fullname" .root) .component | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "consulta.labels" -}}
helm.sh/chart: {{ include "consulta.chart" . }}
app.kubernetes.io/name: {{ include "consulta.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: consulta
{{- end -}}

{{- define "consulta.componentLabels" -}}
{{ include "consulta.labels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Selector labels never change after install (a Deployment's selector is immutable). */}}
{{- define "consulta.selectorLabels" -}}
app.kubernetes.io/name: {{ include "consulta.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "consulta.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "consulta.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret every process reads: the chart's own, or secrets.existingSecret. */}}
{{- define "consulta.secretName" -}}
{{- default (include "consulta.fullname" .) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* repository:tag of a component's image; the tag falls back to image.tag, then appVersion. */}}
{{- define "consulta.image" -}}
{{- $component := index .root.Values .component -}}
{{- $tag := $component.image.tag | default .root.Values.image.tag | default .root.Chart.AppVersion -}}
{{- printf "%s:%s" $component.image.repository $tag -}}
{{- end -}}

{{/* Where the bot finds core-api: bot.coreApiUrl, or the api Service. */}}
{{- define "consulta.coreApiUrl" -}}
{{- if .Values.bot.coreApiUrl -}}
{{- .Values.bot.coreApiUrl -}}
{{- else -}}
{{- printf "http://%s:%v" (include "consulta.componentName" (dict "root" . "component" "api")) .Values.api.service.port -}}
{{- end -}}
{{- end -}}

{{/* Pod annotations: restart on a config or secret change; Prometheus scraping. Takes (dict "root" $ "port" 3000). */}}
{{- define "consulta.podAnnotations" -}}
checksum/config: {{ include (print .root.Template.BasePath "/configmap.yaml") .root | sha256sum }}
{{- if not .root.Values.secrets.existingSecret }}
checksum/secret: {{ include (print .root.Template.BasePath "/secret.yaml") .root | sha256sum }}
{{- end }}
{{- if .root.Values.metrics.podAnnotations }}
prometheus.io/scrape: "true"
prometheus.io/port: {{ .port | quote }}
prometheus.io/path: /metrics
{{- end }}
{{- end -}}

{{/* Environment shared by every process: the ConfigMap, then the Secret. */}}
{{- define "consulta.envFrom" -}}
- configMapRef:
    name: {{ include "consulta.fullname" . }}
- secretRef:
    name: {{ include "consulta.secretName" . }}
{{- end -}}

{{/* DATA_DIR and /tmp: the only places the app writes, so the root filesystem can be read-only. */}}
{{- define "consulta.volumes" -}}
- name: data
  {{- if .Values.data.existingClaim }}
  persistentVolumeClaim:
    claimName: {{ .Values.data.existingClaim }}
  {{- else if .Values.data.sizeLimit }}
  emptyDir:
    sizeLimit: {{ .Values.data.sizeLimit }}
  {{- else }}
  emptyDir: {}
  {{- end }}
- name: tmp
  emptyDir: {}
{{- end -}}

{{- define "consulta.volumeMounts" -}}
- name: data
  mountPath: /data
- name: tmp
  mountPath: /tmp
{{- end -}}

{{/* Liveness on /health, readiness on /ready, and a startup probe that covers a slow first start. */}}
{{- define "consulta.probes" -}}
startupProbe:
  httpGet:
    path: /health
    port: http
  {{- toYaml .Values.probes.startup | nindent 2 }}
livenessProbe:
  httpGet:
    path: /health
    port: http
  {{- toYaml .Values.probes.liveness | nindent 2 }}
readinessProbe:
  httpGet:
    path: /ready
    port: http
  {{- toYaml .Values.probes.readiness | nindent 2 }}
{{- end -}}

{{/* A pause before SIGTERM so that Services stop sending traffic to a terminating pod. */}}
{{- define "consulta.lifecycle" -}}
{{- if .Values.preStopSeconds -}}
lifecycle:
  preStop:
    exec:
      command: ["sleep", "{{ .Values.preStopSeconds }}"]
{{- end }}
{{- end -}}

{{/* The ConfigMap's data: config without its empty values, and DATA_DIR. */}}
{{- define "consulta.configData" -}}
DATA_DIR: /data
{{- range $key, $value := .Values.config }}
{{- if ne (toString $value) "" }}
{{ $key }}: {{ $value | toString | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The Secret's stringData: secrets.values without its empty values. */}}
{{- define "consulta.secretData" -}}
{{- range $key, $value := .Values.secrets.values }}
{{- if $value }}
{{ $key }}: {{ $value | quote }}
{{- end }}
{{- end }}
{{- end -}}
